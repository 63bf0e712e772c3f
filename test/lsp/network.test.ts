import * as assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  type CompletionList,
  CompletionRequest,
  type Diagnostic,
  type DocumentSymbol,
  DocumentSymbolRequest,
  type Hover,
  HoverRequest,
  type MarkupContent,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ROUTED_WITH_NAT as NETWORK } from '../support/networks';
import { schemaDir } from '../support/schemas';
import { trackedClients, vscodeLikeCapabilities } from './testConnection';

const start = trackedClients(after);


const positionOf = (text: string, needle: string, delta = 0) => TextDocument.create('x', 'xml', 1, text).positionAt(text.indexOf(needle) + delta);
const rangeOf = (d: Diagnostic): string => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;
const hasSchema = (p: PublishDiagnosticsParams): boolean => p.diagnostics.some((d) => d.code === 'schema');

function capabilities() {
  const caps = vscodeLikeCapabilities();
  caps.textDocument = {
    ...caps.textDocument,
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
  };
  return caps;
}

describe('language server: network documents', () => {
  it('publishes the network rules\' diagnostics, then network.rng\'s', async () => {
    const client = await start({ capabilities: capabilities(), debounceMs: 0, schema: { defaultDirs: [schemaDir('10.7.0')] } });
    const uri = 'file:///net.xml';
    const text = NETWORK.replace("<bridge name='virbr9'/>", "<bridge name='virbr9' stp='maybe'/>");
    await client.open(uri, text);
    const first = await client.nextDiagnostics(uri);
    const lint = first.diagnostics.filter((d) => d.code !== 'schema');
    assert.deepEqual(lint.map((d) => `${d.code} ${rangeOf(d)} ${d.severity}`), ['network-nat-outside-nat-mode 3:5-3:8 1', 'network-dhcp-range 8:7-8:12 1']);
    assert.match(String(lint[0].message), /The <nat> element can only be used when <forward> 'mode' is 'nat' in network lab/);
    const merged = hasSchema(first) ? first : await client.nextDiagnostics(uri, hasSchema);
    const schema = merged.diagnostics.filter((d) => d.code === 'schema');
    assert.equal(schema.length, 1, JSON.stringify(schema));
    assert.match(String(schema[0].message), /<bridge stp='maybe'>: expected one of on, off/);
  });

  it('applies rule levels from settings', async () => {
    const client = await start({ capabilities: capabilities(), debounceMs: 0, settings: { lint: { 'network-dhcp-range': 'off' } }, schema: { defaultDirs: [] } });
    const uri = 'file:///levels.xml';
    await client.open(uri, NETWORK);
    const p = await client.nextDiagnostics(uri);
    assert.deepEqual(p.diagnostics.filter((d) => d.code !== 'schema').map((d) => d.code), ['network-nat-outside-nat-mode']);
  });

  it('hover, completion and outline', async () => {
    const client = await start({ capabilities: capabilities(), debounceMs: 0, schema: { defaultDirs: [] } });
    const uri = 'file:///features.xml';
    await client.open(uri, NETWORK);
    const hover = (await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(NETWORK, '<nat', 2) })) as Hover;
    assert.match((hover.contents as MarkupContent).value, /NAT settings[\s\S]*network-nat-outside-nat-mode/);
    const list = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: positionOf(NETWORK, "route'", 1) })) as CompletionList;
    assert.deepEqual(list.items.map((i) => i.label), ['nat', 'route', 'open', 'bridge', 'private', 'vepa', 'passthrough', 'hostdev']);
    const syms = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
    assert.equal(syms.length, 1);
    assert.equal(syms[0].name, 'network lab');
    assert.deepEqual(syms[0].children!.map((c) => c.name), ['name', 'forward route', 'bridge virbr9', '192.0.2.1/24', 'route 198.51.100.0/24']);
  });

  it('offers the network snippets in a new file', async () => {
    const client = await start({ capabilities: capabilities(), debounceMs: 0, schema: { defaultDirs: [] } });
    const uri = 'file:///new.xml';
    await client.open(uri, '<');
    const list = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 0, character: 1 } })) as CompletionList;
    const labels = list.items.map((i) => i.label);
    for (const l of ['libvirt-network-nat', 'libvirt-network-isolated', 'libvirt-network-bridge']) assert.ok(labels.includes(l), `${l} in ${labels.join()}`);
  });
});
