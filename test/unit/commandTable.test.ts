import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Commands, SERVER_COMMANDS } from '../../server/src/protocol';
import { repoRoot } from '../support/fixtures';

// client/src/commands.ts imports `vscode`, which only exists in the extension host, so its
// table is read as source: every key is written `[Commands.<name>]`. The live-domain
// commands have their own table in client/src/liveDomains.ts.
const clientSource = ['commands.ts', 'liveDomains.ts'].map((f) => fs.readFileSync(path.join(repoRoot, 'client', 'src', f), 'utf8')).join('\n');
const clientKeys = [...clientSource.matchAll(/^\s*\[Commands\.(\w+)\]\s*:/gm)].map((m) => Commands[m[1] as keyof typeof Commands]);
const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));

describe('command table', () => {
  it('every command id is run by exactly one side: the client table or the server', () => {
    assert.ok(clientKeys.length >= 3);
    for (const id of Object.values(Commands)) {
      const client = clientKeys.includes(id);
      const server = SERVER_COMMANDS.includes(id);
      assert.ok(client !== server, `${id}: client ${client}, server ${server}`);
    }
  });

  it('palette commands that act on a file are offered only in XML and libvirt: documents', () => {
    const palette: { command: string; when?: string }[] = pkg.contributes.menus.commandPalette;
    for (const id of [Commands.fixAll, Commands.validate, Commands.showRuleDocs]) {
      assert.match(palette.find((m) => m.command === id)?.when ?? '', /editorLangId == xml/, id);
    }
  });

  it('grammar contributions point at files that exist; snippets are served by the language server, not contributed', () => {
    // A contributed snippet file would be offered in every XML file, libvirt or not.
    assert.equal(pkg.contributes.snippets, undefined);
    for (const g of pkg.contributes.grammars) assert.ok(fs.existsSync(path.join(repoRoot, g.path)), g.path);
  });
});
