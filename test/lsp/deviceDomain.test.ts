import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { PROJECT_CONFIG_FILE } from '../../server/src/projectConfig';
import { cleanDomain } from '../support/libvirtEnv';
import { scratchDir } from '../support/scratch';
import { trackedClients } from './testConnection';

/**
 * `libvirt.deviceFiles.domain` and `"domain"` in `.libvirt-lint.json` in the language server:
 * a device file is checked as attached to its domain, the domain's unsaved edits count, and a
 * domain that cannot be used is said once on the device's root.
 */
const scratch = scratchDir('libvirt-xml-lsp-device-domain-');
const start = trackedClients(after);

const DOMAIN = cleanDomain('vm1');
const DISK = `<disk type='file' device='disk'>
  <driver name='qemu' type='raw' cache='none'/>
  <source file='/var/lib/libvirt/images/vm1-data.img'/>
  <target dev='vda' bus='virtio'/>
</disk>
`;

const summary = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`);
const uriOf = (file: string) => pathToFileURL(file).href;

describe('device files checked with their domain in the language server', () => {
  it('the setting names the domain (relative to the file when there is no workspace folder); its editor text counts, then its file again', async () => {
    const domainFile = scratch.write('a/vm1.xml', DOMAIN);
    const device = uriOf(scratch.write('a/devices/disk.xml', DISK));
    const client = await start({ settings: { deviceFiles: { domain: '../vm1.xml' } }, debounceMs: 0 });
    await client.open(device, DISK);
    assert.deepEqual(summary(await client.nextDiagnostics(device)), ['duplicate-target-dev@3:10']);
    // the domain opened and edited: its disk moves to vdc, the device's vda is free
    const domainUri = uriOf(domainFile);
    await client.open(domainUri, DOMAIN);
    await client.nextDiagnostics(domainUri);
    await client.change(domainUri, DOMAIN.replace("dev='vda'", "dev='vdc'"));
    assert.deepEqual(summary(await client.nextDiagnostics(device, (p) => p.diagnostics.length === 0)), []);
    // closed without saving: the file on disk holds vda again
    await client.close(domainUri);
    assert.deepEqual(summary(await client.nextDiagnostics(device, (p) => p.diagnostics.length > 0)), ['duplicate-target-dev@3:10']);
  });

  it('"domain" in .libvirt-lint.json applies to the device files below it; an unusable domain is a warning on the root', async () => {
    scratch.write('b/vms/vm1.xml', DOMAIN);
    scratch.write(`b/${PROJECT_CONFIG_FILE}`, JSON.stringify({ domain: 'vms/vm1.xml' }));
    scratch.write(`c/${PROJECT_CONFIG_FILE}`, JSON.stringify({ domain: 'missing.xml' }));
    const client = await start({ settings: {}, debounceMs: 0 });
    const device = uriOf(scratch.write('b/devices/disk.xml', DISK));
    await client.open(device, DISK);
    assert.deepEqual(summary(await client.nextDiagnostics(device)), ['duplicate-target-dev@3:10']);
    const lonely = uriOf(scratch.write('c/disk.xml', DISK));
    await client.open(lonely, DISK);
    const published = await client.nextDiagnostics(lonely);
    assert.deepEqual(summary(published), ['domain-context@0:1']);
    assert.match(String(published.diagnostics[0].message), /^This device file is checked alone: its domain cannot be used \(cannot read \S*missing\.xml: no such file\)/);
  });

  it('the editor setting beats the config file; the domain file itself is linted as a domain', async () => {
    scratch.write('d/vms/vm1.xml', DOMAIN);
    const other = scratch.write('d/vms/other.xml', cleanDomain('other').replace("dev='vda'", "dev='vdc'"));
    scratch.write(`d/${PROJECT_CONFIG_FILE}`, JSON.stringify({ domain: 'vms/vm1.xml' }));
    const client = await start({ settings: { deviceFiles: { domain: other } }, debounceMs: 0 });
    const device = uriOf(scratch.write('d/disk.xml', DISK));
    await client.open(device, DISK);
    assert.deepEqual(summary(await client.nextDiagnostics(device)), []);
    const domainUri = uriOf(path.join(scratch.dir, 'd', 'vms', 'vm1.xml'));
    await client.open(domainUri, fs.readFileSync(path.join(scratch.dir, 'd', 'vms', 'vm1.xml'), 'utf8'));
    assert.deepEqual(summary(await client.nextDiagnostics(domainUri)), []);
  });
});
