import fs = require('node:fs');
import path = require('node:path');
import { pathToFileURL } from 'node:url';
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AttachTarget } from './service';

/** The domain text a device file is checked against, or why it cannot be had. */
export type DomainLookup = { target: AttachTarget; problem?: undefined } | { target?: undefined; problem: string };

/**
 * The domain files that device files are attached to (`deviceFiles.domain`, `"domain"` in
 * `.libvirt-lint.json`): an open editor's text when the domain is open (unsaved edits count),
 * else the file on disk, read again when its modification time or size changes.
 */
export class DomainFiles {
  private readonly onDisk = new Map<string, { mtimeMs: number; size: number; lookup: DomainLookup }>();

  constructor(private readonly documents: TextDocuments<TextDocument>) {}

  lookup(file: string): DomainLookup {
    const uri = pathToFileURL(file).href;
    const open = this.documents.get(uri);
    const label = path.basename(file);
    if (open) return { target: { text: open.getText(), label } };
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch (error) {
      this.onDisk.delete(file);
      return { problem: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((error as Error).message)}` };
    }
    const hit = this.onDisk.get(file);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.lookup;
    let lookup: DomainLookup;
    try {
      lookup = { target: { text: fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), label } };
    } catch (error) {
      lookup = { problem: `cannot read ${file}: ${(error as Error).message}` };
    }
    this.onDisk.set(file, { mtimeMs: st.mtimeMs, size: st.size, lookup });
    return lookup;
  }
}
