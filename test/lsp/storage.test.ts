import * as assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { type CompletionList, CompletionRequest, type Diagnostic, DocumentSymbolRequest, type SymbolInformation, type Hover, HoverRequest, type MarkupContent } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { readFixture } from '../support/fixtures';
import { schemaDir } from '../support/schemas';
import { trackedClients } from './testConnection';

const start = trackedClients(after);
const dir10 = schemaDir('10.7.0');

/** An iSCSI pool without its target path. */
const POOL = readFixture('rules', 'pool-target-path-missing', 'invalid.xml');
const VOLUME = readFixture('rules', 'volume-allocation-above-capacity', 'invalid.xml');
const SCHEMA_INVALID_VOLUME = `<volume>
  <name>v.img</name>
  <capacity unit='G'>1</capacity>
  <target>
    <format type='raw'/>
    <nocow>yes</nocow>
  </target>
</volume>
`;

const rangeOf = (d: Diagnostic): string => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;
const summary = (ds: Diagnostic[]) => ds.map((d) => `${d.code} ${rangeOf(d)} ${d.severity}`).sort();
const positionOf = (text: string, needle: string, delta = 0) => TextDocument.create('x', 'xml', 1, text).positionAt(text.indexOf(needle) + delta);

describe('language server: storage pools and volumes', () => {
  it('publishes the pool and volume rules\' diagnostics with their fixes', async () => {
    const client = await start({ debounceMs: 0 });
    await client.open('file:///pool.xml', POOL);
    const pool = (await client.nextDiagnostics('file:///pool.xml')).diagnostics;
    assert.deepEqual(summary(pool), ['pool-target-path-missing 0:1-0:5 1']);
    assert.match(String(pool[0].message), /^missing storage pool target path/);
    const actions = await client.codeActions('file:///pool.xml', pool[0].range, pool);
    const fix = actions.find((a) => a.title.startsWith('Use /dev/disk/by-path'));
    assert.ok(fix?.edit, actions.map((a) => a.title).join(', '));
    assert.equal(client.applyEdit('file:///pool.xml', fix.edit), readFixture('rules', 'pool-target-path-missing', 'invalid.fixed.xml'));

    await client.open('file:///vol.xml', VOLUME);
    assert.deepEqual(summary((await client.nextDiagnostics('file:///vol.xml')).diagnostics), ['volume-allocation-above-capacity 3:3-3:13 2']);
  });

  it('applies rule levels from the settings to pool and volume rules', async () => {
    const client = await start({ debounceMs: 0, settings: { lint: { 'pool-target-path-missing': 'warning', 'volume-allocation-above-capacity': 'off' } } });
    await client.open('file:///pool.xml', POOL);
    assert.deepEqual(summary((await client.nextDiagnostics('file:///pool.xml')).diagnostics), ['pool-target-path-missing 0:1-0:5 2']);
    await client.open('file:///vol.xml', VOLUME);
    assert.deepEqual((await client.nextDiagnostics('file:///vol.xml')).diagnostics, []);
  });

  it('validates volumes against storagevol.rng and pools against storagepool.rng', async () => {
    const client = await start({ debounceMs: 0, schema: { defaultDirs: [dir10] } });
    const uri = 'file:///schema-vol.xml';
    await client.open(uri, SCHEMA_INVALID_VOLUME);
    const withSchema = await client.nextDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'schema'));
    const schema = withSchema.diagnostics.filter((d) => d.code === 'schema');
    assert.deepEqual(schema.map(rangeOf), ['5:11-5:14']);
    // A valid pool from libvirt's tests: no schema diagnostic in the schema batch.
    const poolUri = 'file:///schema-pool.xml';
    await client.open(poolUri, readFixture('corpus', 'pool', 'pool-iscsi.xml'));
    await client.nextDiagnostics(poolUri);
    const second = await client.nextDiagnostics(poolUri);
    assert.deepEqual(second.diagnostics, []);
  });

  it('hover, completion and outline in a pool', async () => {
    const client = await start({ debounceMs: 0 });
    const uri = 'file:///netfs.xml';
    const text = readFixture('corpus', 'pool', 'pool-netfs.xml');
    await client.open(uri, text);
    const hover = (await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, "type='nfs'", 7) })) as Hover;
    assert.match((hover.contents as MarkupContent).value, /type='nfs'.*NFS export/);
    const list = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: positionOf(text, "type='nfs'", 6) })) as CompletionList;
    assert.deepEqual(
      list.items.map((i) => i.label),
      ['auto', 'nfs', 'glusterfs', 'cifs'],
    );
    // This client takes the flat form: every entry with its container.
    const syms = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as SymbolInformation[];
    assert.deepEqual(
      syms.map((s) => `${s.containerName ?? ''} > ${s.name}`),
      [' > nfsimages — netfs', 'nfsimages — netfs > name', 'nfsimages — netfs > source', 'nfsimages — netfs > target', 'nfsimages — netfs > capacity', 'nfsimages — netfs > allocation', 'nfsimages — netfs > available'],
    );
  });

  it('offers the storage snippets in a new file', async () => {
    const client = await start({ debounceMs: 0 });
    const uri = 'file:///new.xml';
    await client.open(uri, '<');
    const list = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 0, character: 1 } })) as CompletionList;
    const labels = list.items.map((i) => i.label);
    for (const want of ['pool', 'volume', 'libvirt-pool-dir', 'libvirt-pool-netfs', 'libvirt-volume-qcow2']) assert.ok(labels.includes(want), `${want} in ${labels.join(' ')}`);
  });
});
