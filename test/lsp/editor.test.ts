import * as assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  type ClientCapabilities,
  type CompletionList,
  CompletionItemKind,
  CompletionItemTag,
  CompletionRequest,
  type DocumentSymbol,
  DocumentSymbolRequest,
  ExecuteCommandRequest,
  FoldingRangeRequest,
  type Hover,
  HoverRequest,
  InsertTextFormat,
  type MarkupContent,
  type SymbolInformation,
  SymbolKind,
  type TextEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Commands, RULE_DOCS_COMMAND, type RuleDocs, type ValidateResult } from '../../server/src/protocol';
import { allRules } from '../../server/src/service/registry';
import { TestClient, vscodeLikeCapabilities } from './testConnection';

/** VS Code's editor capabilities on top of what the diagnostics tests announce. */
function editorCapabilities(): ClientCapabilities {
  const caps = vscodeLikeCapabilities();
  caps.textDocument = {
    ...caps.textDocument,
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'], tagSupport: { valueSet: [CompletionItemTag.Deprecated] } } },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    foldingRange: { rangeLimit: 5000 },
  };
  return caps;
}

const DOMAIN = `<domain type='kvm'>
  <name>db01</name>
  <devices>
    <disk type='block' device='disk'>
      <driver name='qemu' type='raw' cache='writeback'/>
      <source dev='/dev/sdb'/>
      <target dev='vdb' bus='virtio'/>
      <shareable/>
    </disk>
    <controller type='scsi' index='0' model='virtio-scsi'/>
  </devices>
</domain>
`;

const clients: TestClient[] = [];
async function start(capabilities = editorCapabilities()): Promise<TestClient> {
  const client = await TestClient.start({ capabilities, debounceMs: 0 });
  clients.push(client);
  return client;
}
after(() => clients.forEach((c) => c.dispose()));

function positionOf(text: string, needle: string, delta = 0) {
  return TextDocument.create('x', 'xml', 1, text).positionAt(text.indexOf(needle) + delta);
}

describe('editor features over LSP', () => {
  it('announces hover, completion, document symbols and folding', async () => {
    const client = await start();
    const caps = client.initializeResult.capabilities;
    assert.equal(caps.hoverProvider, true);
    assert.deepEqual(caps.completionProvider?.triggerCharacters, ['<', ' ', "'", '"', '=']);
    assert.ok(caps.documentSymbolProvider);
    assert.equal(caps.foldingRangeProvider, true);
  });

  it('hover: markdown with the range of the value', async () => {
    const client = await start();
    const uri = 'file:///hover.xml';
    await client.open(uri, DOMAIN);
    const h = (await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(DOMAIN, "writeback'", 2) })) as Hover;
    const contents = h.contents as MarkupContent;
    assert.equal(contents.kind, 'markdown');
    assert.match(contents.value, /^\*\*`cache='writeback'`\*\*/);
    assert.match(contents.value, /\*\*Reported here:\*\* <driver cache='writeback'> on a shareable <disk>/);
    assert.deepEqual(h.range, { start: positionOf(DOMAIN, "writeback'"), end: positionOf(DOMAIN, "writeback'", 9) });
  });

  it('hover: plain text for a client that renders only plain text', async () => {
    const caps = editorCapabilities();
    caps.textDocument!.hover = { contentFormat: ['plaintext'] };
    const client = await start(caps);
    const uri = 'file:///plain.xml';
    await client.open(uri, DOMAIN);
    const h = (await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(DOMAIN, 'shareable', 2) })) as Hover;
    assert.equal((h.contents as MarkupContent).kind, 'plaintext');
    assert.match((h.contents as MarkupContent).value, /^<shareable> in <disk> — /);
  });

  it('completion: cache values with text edits, unsafe ones tagged deprecated and sorted last', async () => {
    const client = await start();
    const uri = 'file:///complete.xml';
    await client.open(uri, DOMAIN);
    const list = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: positionOf(DOMAIN, "writeback'", 3) })) as CompletionList;
    const sorted = [...list.items].sort((a, b) => a.sortText!.localeCompare(b.sortText!));
    assert.deepEqual(sorted.map((i) => i.label), ['none', 'directsync', 'writethrough', 'writeback', 'default', 'unsafe']);
    const none = sorted[0];
    assert.equal(none.kind, CompletionItemKind.EnumMember);
    assert.equal(none.tags, undefined);
    assert.deepEqual(sorted.slice(2).map((i) => i.tags), Array(4).fill([CompletionItemTag.Deprecated]));
    const edit = none.textEdit as TextEdit;
    assert.equal(TextDocument.applyEdits(client.document(uri), [edit]), DOMAIN.replace("cache='writeback'", "cache='none'"));
    assert.equal((none.documentation as MarkupContent).kind, 'markdown');
  });

  it('completion mid-edit in a broken document: attribute snippets that re-open the value list', async () => {
    const client = await start();
    const uri = 'file:///broken.xml';
    const text = `<domain>\n  <devices>\n    <disk type='block'>\n      <driver name='qemu' \n      <source dev='/dev/sdb'>\n  </devices>\n`;
    await client.open(uri, text);
    const list = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 3, character: 26 } })) as CompletionList;
    const cache = list.items.find((i) => i.label === 'cache')!;
    assert.equal(cache.insertTextFormat, InsertTextFormat.Snippet);
    assert.equal((cache.textEdit as TextEdit).newText, "cache='$1'");
    assert.equal(cache.command?.command, 'editor.action.triggerSuggest');
  });

  it('completion: the libvirt snippets in a domain\'s <devices> and a new file, never in other XML', async () => {
    const client = await start();
    const snippetsAt = async (uri: string, text: string, position: { line: number; character: number }, triggerCharacter?: string) => {
      await client.open(uri, text);
      const context = triggerCharacter ? { triggerKind: 2, triggerCharacter } : { triggerKind: 1 };
      const list = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position, context } as never)) as CompletionList | null;
      return (list?.items ?? []).filter((i) => i.kind === CompletionItemKind.Snippet);
    };
    const domain = `<domain type='kvm'>\n  <name>x</name>\n  <devices>\n    <\n  </devices>\n</domain>\n`;
    const inDevices = await snippetsAt('file:///snip-domain.xml', domain, { line: 3, character: 5 }, '<');
    assert.ok(inDevices.some((i) => i.label === 'libvirt-disk-virtio'), JSON.stringify(inDevices.map((i) => i.label)));
    assert.ok(!inDevices.some((i) => i.label === 'libvirt-domain-q35'));
    const disk = inDevices.find((i) => i.label === 'libvirt-disk-virtio')!;
    assert.equal(disk.insertTextFormat, InsertTextFormat.Snippet);
    assert.deepEqual((disk.textEdit as TextEdit).range, { start: { line: 3, character: 4 }, end: { line: 3, character: 5 } });
    assert.match((disk.textEdit as TextEdit).newText, /^<disk type='block' device='disk'>\n\t<driver name='qemu' type='raw' cache='\$\{1\|none,directsync\|\}'/);
    const fresh = await snippetsAt('file:///snip-new.xml', '', { line: 0, character: 0 });
    // The document skeletons: the domain's, the networks', then the storage pools' and volumes'.
    assert.deepEqual(fresh.map((i) => i.label), ['libvirt-domain-q35', 'libvirt-network-nat', 'libvirt-network-isolated', 'libvirt-network-bridge', 'libvirt-pool-dir', 'libvirt-pool-logical', 'libvirt-pool-iscsi', 'libvirt-pool-netfs', 'libvirt-volume-qcow2', 'libvirt-volume-raw']);
    const other = `<project>\n  <modules>\n    <\n  </modules>\n</project>\n`;
    assert.deepEqual(await snippetsAt('file:///snip-other.xml', other, { line: 2, character: 5 }, '<'), []);
    // A space typed in <devices> is not a request for a block of XML.
    assert.deepEqual(await snippetsAt('file:///snip-space.xml', domain.replace('    <\n', '     \n'), { line: 3, character: 5 }, ' '), []);
  });

  it('completion without snippet support inserts plain text', async () => {
    const caps = editorCapabilities();
    caps.textDocument!.completion = {};
    const client = await start(caps);
    const uri = 'file:///nosnippet.xml';
    const text = `<domain><devices><disk type='file'>\n<</disk></devices></domain>`;
    await client.open(uri, text);
    const list = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 1, character: 1 } })) as CompletionList;
    const driver = list.items.find((i) => i.label === 'driver')!;
    assert.equal(driver.insertTextFormat, InsertTextFormat.PlainText);
    assert.equal((driver.textEdit as TextEdit).newText, 'driver');
    assert.equal(typeof driver.documentation, 'string');
  });

  it('document symbols: hierarchical outline with element ranges and name selection ranges', async () => {
    const client = await start();
    const uri = 'file:///symbols.xml';
    await client.open(uri, DOMAIN);
    const syms = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
    assert.equal(syms.length, 1);
    assert.equal(syms[0].name, 'domain db01');
    assert.equal(syms[0].kind, SymbolKind.Module);
    const devices = syms[0].children!.find((c) => c.name === 'devices')!;
    assert.deepEqual(devices.children!.map((c) => c.name), ['vdb — virtio — /dev/sdb', 'scsi 0 — virtio-scsi']);
    const disk = devices.children![0];
    assert.deepEqual(disk.range, { start: { line: 3, character: 4 }, end: { line: 8, character: 11 } });
    assert.deepEqual(disk.selectionRange, { start: { line: 3, character: 5 }, end: { line: 3, character: 9 } });
  });

  it('document symbols: flat list with containers for clients without hierarchy', async () => {
    const caps = editorCapabilities();
    caps.textDocument!.documentSymbol = {};
    const client = await start(caps);
    const uri = 'file:///flat.xml';
    await client.open(uri, DOMAIN);
    const syms = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as SymbolInformation[];
    const disk = syms.find((s) => s.name === 'vdb — virtio — /dev/sdb')!;
    assert.equal(disk.containerName, 'devices');
    assert.equal(disk.location.uri, uri);
  });

  it('folding ranges follow multi-line elements', async () => {
    const client = await start();
    const uri = 'file:///fold.xml';
    await client.open(uri, DOMAIN);
    const ranges = await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } });
    assert.deepEqual(ranges!.map((r) => [r.startLine, r.endLine]), [[0, 10], [2, 9], [3, 7]]);
  });

  it('one parse per version serves diagnostics, hover, completion, symbols and folding', async () => {
    const client = await start();
    const uri = 'file:///shared-parse.xml';
    await client.open(uri, DOMAIN);
    await client.nextDiagnostics(uri);
    const pos = positionOf(DOMAIN, 'cache', 1);
    await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: pos });
    await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: pos });
    await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
    await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } });
    assert.equal(client.server.store.parseCount, 1);
  });

  it('validate-now publishes at once and returns the count; rule docs come from the registry', async () => {
    // Only the cache rules: the InfoScale advisories also note this shareable disk (as info/hint).
    const rules = allRules.filter((r) => r.id === 'shared-disk-cache-enabled' || r.id === 'io-native-requires-direct-cache');
    const client = await TestClient.start({ capabilities: editorCapabilities(), debounceMs: 60_000, rules });
    clients.push(client);
    const uri = 'file:///validate.xml';
    await client.open(uri, DOMAIN);
    await client.nextDiagnostics(uri);
    const changed = DOMAIN.replace("cache='writeback'", "cache='none' io='native'");
    const version = await client.change(uri, changed);
    const result = (await client.connection.sendRequest(ExecuteCommandRequest.type, { command: Commands.validate, arguments: [{ uri }] })) as ValidateResult;
    assert.deepEqual(result, { uri, diagnostics: 0 });
    const published = await client.nextDiagnostics(uri, (p) => p.version === version);
    assert.deepEqual(published.diagnostics, []);
    const docs = (await client.connection.sendRequest(ExecuteCommandRequest.type, { command: RULE_DOCS_COMMAND, arguments: ['shared-disk-cache-enabled'] })) as RuleDocs;
    assert.equal(docs.id, 'shared-disk-cache-enabled');
    assert.match(docs.docs, /shareable/);
    assert.ok(docs.docsUrl.endsWith('#shared-disk-cache-enabled'));
    assert.equal(await client.connection.sendRequest(ExecuteCommandRequest.type, { command: RULE_DOCS_COMMAND, arguments: ['no-such-rule'] }), null);
    const builtin = (await client.connection.sendRequest(ExecuteCommandRequest.type, { command: RULE_DOCS_COMMAND, arguments: ['unused-suppression'] })) as RuleDocs;
    assert.match(builtin.docs, /libvirt-lint-disable-next-line/);
  });

  it('each diagnostic gets "Disable <rule> for this line" (the suppression comment) and "Show documentation for <rule>"', async () => {
    const rules = allRules.filter((r) => r.id === 'shared-disk-cache-enabled');
    const client = await TestClient.start({ capabilities: editorCapabilities(), debounceMs: 0, rules });
    clients.push(client);
    const uri = 'file:///disable.xml';
    await client.open(uri, DOMAIN);
    const { diagnostics } = await client.nextDiagnostics(uri);
    const diag = diagnostics.find((d) => d.code === 'shared-disk-cache-enabled')!;
    assert.ok(diag, JSON.stringify(diagnostics));
    const actions = await client.codeActions(uri, diag.range, [diag], ['quickfix']);
    const disable = actions.find((a) => a.title === 'Disable shared-disk-cache-enabled for this line');
    const docs = actions.find((a) => a.title === 'Show documentation for shared-disk-cache-enabled');
    assert.ok(disable?.edit && docs, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(disable.isPreferred, false);
    assert.deepEqual(docs.command, { title: docs.title, command: Commands.showRuleDocs, arguments: ['shared-disk-cache-enabled'] });
    const fixed = client.applyEdit(uri, disable.edit);
    assert.equal(fixed, DOMAIN.replace("      <driver", "      <!-- libvirt-lint-disable-next-line shared-disk-cache-enabled -->\n      <driver"));
    const version = await client.change(uri, fixed);
    const after = await client.nextDiagnostics(uri, (p) => p.version === version);
    assert.deepEqual(after.diagnostics.map((d) => d.code), []);
    // Quick fixes: not in a refactor-only request.
    const refactors = await client.codeActions(uri, diag.range, [diag], ['refactor.rewrite']);
    assert.ok(refactors.length > 0 && refactors.every((a) => a.kind === 'refactor.rewrite'), JSON.stringify(refactors.map((a) => a.title)));
  });

  it('an unused suppression comment is a diagnostic with a quick fix that removes it', async () => {
    const client = await start();
    const uri = 'file:///unused.xml';
    const text = DOMAIN.replace('  <devices>', '  <!-- libvirt-lint-disable shareable-requires-raw -->\n  <devices>');
    await client.open(uri, text);
    const { diagnostics } = await client.nextDiagnostics(uri);
    const unused = diagnostics.find((d) => d.code === 'unused-suppression')!;
    assert.ok(unused, JSON.stringify(diagnostics));
    assert.equal(unused.severity, 3);
    const actions = await client.codeActions(uri, unused.range, [unused]);
    assert.deepEqual(actions.map((a) => [a.title, a.isPreferred]), [
      ['Remove the unused suppression comment', true],
      // No comment hides an unused-suppression diagnostic: its docs only.
      ['Show documentation for unused-suppression', false],
    ]);
    assert.equal(client.applyEdit(uri, actions[0].edit!), DOMAIN);
  });
});
