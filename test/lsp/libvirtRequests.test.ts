import * as assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { type AsQemuTypeResult, type CheckTextResult, type LibvirtDiagnosticsResult, Requests } from '../../server/src/protocol';
import { LanguageService } from '../../server/src/service/languageService';
import { allRules } from '../../server/src/service/registry';
import { cleanDomain } from '../support/libvirtEnv';
import { TestClient } from './testConnection';

const IO = 'io-native-requires-direct-cache';
const UNSAFE = cleanDomain('q').replace("cache='none'", "cache='writeback' io='native'");
const DUP = cleanDomain('dup', 256, "\n    <disk type='file' device='disk'>\n      <source file='/b.img'/>\n      <target dev='vda' bus='virtio'/>\n    </disk>");

const clients: TestClient[] = [];
async function start(settings: unknown = {}): Promise<TestClient> {
  const client = await TestClient.start({ rules: allRules.filter((r) => r.id === IO), settings });
  clients.push(client);
  return client;
}
after(() => clients.forEach((c) => c.dispose()));

async function rejectsInvalid(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => e instanceof ResponseError && e.code === ErrorCodes.InvalidParams && pattern.test(e.message));
}

describe('live-domain requests', () => {
  it('libvirt/checkText: findings with offsets, ranges, severity and rule id, and the <name>', async () => {
    const client = await start();
    const r: CheckTextResult = await client.connection.sendRequest(Requests.checkText, { uri: 'libvirt://embed/q.xml', text: UNSAFE });
    assert.equal(r.domainName, 'q');
    assert.equal(r.diagnostics.length, 1);
    const [d] = r.diagnostics;
    assert.deepEqual([d.ruleId, d.severity], [IO, 'error']);
    assert.equal(UNSAFE.slice(d.span.start, d.span.end), "io='native'");
    const line = UNSAFE.split('\n').findIndex((l) => l.includes("io='native'"));
    const character = UNSAFE.split('\n')[line].indexOf("io='native'");
    assert.deepEqual(d.range, { start: { line, character }, end: { line, character: character + "io='native'".length } });
    assert.match(d.message, /io='native'/);
    const none: CheckTextResult = await client.connection.sendRequest(Requests.checkText, { uri: 'libvirt://embed/x.xml', text: '<project/>' });
    assert.deepEqual(none, { diagnostics: [], domainName: null });
  });

  it('libvirt/checkText: settings are pulled for the given URI, libvirt: URIs included', async () => {
    const client = await start((scopeUri?: string) => (scopeUri === 'libvirt://embed/q.xml' ? { lint: { [IO]: 'warning' } } : { lint: { [IO]: 'off' } }));
    const asWarning: CheckTextResult = await client.connection.sendRequest(Requests.checkText, { uri: 'libvirt://embed/q.xml', text: UNSAFE });
    assert.deepEqual(asWarning.diagnostics.map((d) => d.severity), ['warning']);
    const off: CheckTextResult = await client.connection.sendRequest(Requests.checkText, { uri: 'file:///elsewhere/q.xml', text: UNSAFE });
    assert.deepEqual(off.diagnostics, []);
    assert.ok(client.configurationScopes.includes('libvirt://embed/q.xml'));
    // validate.enable only hides the editor's squiggles: a save is still checked.
    const disabled = await start({ validate: { enable: false } });
    const still: CheckTextResult = await disabled.connection.sendRequest(Requests.checkText, { uri: 'libvirt://embed/q.xml', text: UNSAFE });
    assert.deepEqual(still.diagnostics.map((d) => d.ruleId), [IO]);
  });

  it('libvirt/libvirtDiagnostics: libvirt’s messages placed in the text, severity from the document’s settings', async () => {
    const client = await start((scopeUri?: string) => (scopeUri === 'file:///w.xml' ? { lint: { libvirt: 'warning' } } : { lint: { libvirt: 'off' } }));
    const verdicts = [{ driver: 'test', ok: false, messages: ["XML error: target 'vda' duplicated for disk sources '/var/lib/libvirt/images/dup.img' and '/b.img'"] }];
    const r: LibvirtDiagnosticsResult = await client.connection.sendRequest(Requests.libvirtDiagnostics, { uri: 'file:///w.xml', text: DUP, verdicts });
    assert.deepEqual(
      r.diagnostics.map((d) => [d.range.start.line, d.range.start.character, d.ruleId, d.severity]),
      [
        [10, 6, 'libvirt', 'warning'],
        [14, 6, 'libvirt', 'warning'],
      ],
    );
    assert.match(r.diagnostics[0].message, /^libvirt: XML error: target 'vda' duplicated/);
    // Level 'off' (or no URI): the verdict was asked for, so it is shown as an error.
    const off: LibvirtDiagnosticsResult = await client.connection.sendRequest(Requests.libvirtDiagnostics, { uri: 'file:///o.xml', text: DUP, verdicts });
    assert.deepEqual(off.diagnostics.map((d) => d.severity), ['error', 'error']);
    const qemu: LibvirtDiagnosticsResult = await client.connection.sendRequest(Requests.libvirtDiagnostics, { text: 'x', verdicts: [{ driver: 'qemu', ok: false, messages: ['No PCI buses available'] }] });
    assert.deepEqual(qemu.diagnostics.map((d) => [d.message, d.severity, d.range]), [["libvirt's QEMU driver: No PCI buses available", 'error', { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }]]);
  });

  it('libvirt/asQemuType: the root type only', async () => {
    const client = await start();
    const r: AsQemuTypeResult = await client.connection.sendRequest(Requests.asQemuType, { text: "<domain type='kvm'><name>k</name></domain>" });
    assert.equal(r.text, "<domain type='qemu'><name>k</name></domain>");
  });

  it('bad params: an InvalidParams error naming what is expected, and the server lives on', async () => {
    const client = await start();
    await rejectsInvalid(client.connection.sendRequest(Requests.checkText, null), /^libvirt\/checkText expects \{ uri: string, text: string \}, got null/);
    await rejectsInvalid(client.connection.sendRequest(Requests.checkText, { uri: 'libvirt://a/b.xml' }), /libvirt\/checkText expects/);
    await rejectsInvalid(client.connection.sendRequest(Requests.checkText, { uri: '', text: '<domain/>' }), /libvirt\/checkText expects/);
    await rejectsInvalid(client.connection.sendRequest(Requests.checkText, { uri: 'libvirt://a/b.xml', text: 42 }), /got \{"uri":"libvirt:\/\/a\/b\.xml","text":42\}/);
    await rejectsInvalid(client.connection.sendRequest(Requests.libvirtDiagnostics, { text: '', verdicts: [{ driver: 'xen', messages: [] }] }), /libvirt\/libvirtDiagnostics expects/);
    await rejectsInvalid(client.connection.sendRequest(Requests.libvirtDiagnostics, { text: '', verdicts: [{ driver: 'test', messages: [1] }] }), /libvirt\/libvirtDiagnostics expects/);
    await rejectsInvalid(client.connection.sendRequest(Requests.libvirtDiagnostics, { text: '' }), /libvirt\/libvirtDiagnostics expects/);
    await rejectsInvalid(client.connection.sendRequest(Requests.asQemuType, ['<domain/>']), /libvirt\/asQemuType expects \{ text: string \}/);
    // A huge value is not echoed whole.
    await assert.rejects(client.connection.sendRequest(Requests.asQemuType, { text: null, junk: 'x'.repeat(10_000) }), (e: unknown) => e instanceof ResponseError && e.message.length < 400);
    const r: CheckTextResult = await client.connection.sendRequest(Requests.checkText, { uri: 'libvirt://a/b.xml', text: UNSAFE });
    assert.equal(r.diagnostics.length, 1);
  });

  it('a failure inside the server is an error answer, never an empty (unchecked) result', async () => {
    const client = await TestClient.start({
      rules: allRules.filter((r) => r.id === IO),
      createService: (options) => {
        const service = new LanguageService(options);
        service.validate = () => {
          throw new Error('boom in validate');
        };
        return service;
      },
    });
    clients.push(client);
    await assert.rejects(
      client.connection.sendRequest(Requests.checkText, { uri: 'libvirt://a/b.xml', text: UNSAFE }),
      (e: unknown) => e instanceof ResponseError && e.code === ErrorCodes.InternalError && /libvirt\/checkText failed/.test(e.message),
    );
    await client.nextLog((l) => l.message.includes('boom in validate'));
  });
});
