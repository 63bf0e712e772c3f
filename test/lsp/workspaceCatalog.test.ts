import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { DidChangeWatchedFilesNotification, FileChangeType, type PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { networkInterface, q35Domain, scratchDir } from '../support/scratch';
import { trackedClients } from './testConnection';

/**
 * Networks, storage pools and volumes of the workspace in the language server: a domain's
 * `<interface type='network'>` and `<disk type='volume'>` are checked against the files of the
 * workspace folders and the open editors, kept current as they change.
 */
const scratch = scratchDir('libvirt-xml-lsp-catalog-');
const start = trackedClients(after);

const network = (name: string) => `<network>\n  <name>${name}</name>\n  <bridge name='virbr9'/>\n</network>\n`;
const DOMAIN = q35Domain(
  'web1',
  `${networkInterface('backend')}    <disk type='volume' device='disk'>
      <driver name='qemu' type='raw' cache='none'/>
      <source pool='images' volume='web1.raw'/>
      <target dev='vda' bus='virtio'/>
    </disk>
`,
);
const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`);
const uriOf = (file: string) => pathToFileURL(file).href;

describe("a domain's references to the workspace's networks, pools and volumes", () => {
  it('checks against the files of the workspace, the open editors, and file changes', async () => {
    scratch.write('ws/networks/lab.xml', network('lab'));
    scratch.write('ws/pools/images.xml', `<pool type='dir'>\n  <name>images</name>\n  <target>\n    <path>/var/lib/libvirt/images</path>\n  </target>\n</pool>\n`);
    scratch.write('ws/node_modules/x/backend.xml', network('backend'));
    const vm = uriOf(scratch.write('ws/vms/web1.xml', DOMAIN));
    const client = await start({ settings: {}, debounceMs: 0, workspaceFolders: [path.join(scratch.dir, 'ws')] });
    await client.open(vm, DOMAIN);
    // the workspace is read in the background: the finding comes once it is known
    const first = await client.nextDiagnostics(vm, (p) => p.diagnostics.length > 0);
    assert.deepEqual(codes(first), ['interface-unknown-network@8:14']);
    assert.match(String(first.diagnostics[0].message), /no network with matching name 'backend': no network file defines it \(known: 'lab'\)/);

    // an editor defines it, unsaved: the finding goes; closed, it comes back
    const draft = uriOf(path.join(scratch.dir, 'ws', 'networks', 'backend.xml'));
    await client.open(draft, network('backend'));
    assert.deepEqual(codes(await client.nextDiagnostics(vm, (p) => p.diagnostics.length === 0)), []);
    await client.close(draft);
    assert.deepEqual(codes(await client.nextDiagnostics(vm, (p) => p.diagnostics.length > 0)), ['interface-unknown-network@8:14']);

    // written to disk: the watched-files notification brings it in
    fs.writeFileSync(path.join(scratch.dir, 'ws', 'networks', 'backend.xml'), network('backend'));
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: draft, type: FileChangeType.Created }] });
    assert.deepEqual(codes(await client.nextDiagnostics(vm, (p) => p.diagnostics.length === 0)), []);

    // the pool file renamed its pool: the volume disk's pool is unknown
    fs.writeFileSync(path.join(scratch.dir, 'ws', 'pools', 'images.xml'), `<pool type='dir'>\n  <name>fast</name>\n  <target>\n    <path>/srv/fast</path>\n  </target>\n</pool>\n`);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(path.join(scratch.dir, 'ws', 'pools', 'images.xml')), type: FileChangeType.Changed }] });
    assert.deepEqual(codes(await client.nextDiagnostics(vm, (p) => p.diagnostics.length > 0)), ['disk-unknown-volume@13:14']);
  });
});
