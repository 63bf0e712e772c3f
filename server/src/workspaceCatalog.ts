import fs = require('node:fs');
import path = require('node:path');
import { pathToFileURL } from 'node:url';
// a require: the bundle must take tinyglobby's (and fdir's) CommonJS build, which needs no import.meta
import tinyglobby = require('tinyglobby');
import { CatalogBuilder, mayDefineObject, OBJECT_HEAD_LENGTH, type ObjectCatalog } from './service/catalog/catalog';
import { filePath } from './settings';

/** At most this many XML files of the workspace are looked at, and none larger than this. */
export const MAX_SCANNED_FILES = 5000;
const MAX_FILE_BYTES = 1024 * 1024;

/**
 * The networks, storage pools and volumes of the workspace for the checks of a domain's
 * references: the XML files of the workspace folders (read once, then kept current through
 * file-change notifications) under the editors' texts (unsaved edits count). Each source is
 * keyed by its URI, so an open editor replaces its file.
 */
export class WorkspaceCatalog {
  private readonly builder = new CatalogBuilder();
  private readonly open = new Set<string>();

  /** @param onChange called when a name appears or goes (domains are then checked again). */
  constructor(private readonly onChange: () => void) {}

  /** The catalog, or undefined while it is empty. */
  current(): ObjectCatalog | undefined {
    return this.builder.size > 0 ? this.builder.catalog() : undefined;
  }

  /** Reads the XML files of the folders (skipping node_modules and dot-directories). */
  async scan(folders: readonly string[]): Promise<void> {
    let changed = false;
    let seen = 0;
    for (const folder of folders) {
      let files: string[];
      try {
        files = await tinyglobby.glob('**/*.xml', { cwd: folder, absolute: true, onlyFiles: true, dot: false, ignore: ['**/node_modules/**'] });
      } catch {
        continue;
      }
      for (const file of files) {
        if (seen++ >= MAX_SCANNED_FILES) break;
        changed = (await this.readFile(file)) || changed;
      }
    }
    if (changed) this.onChange();
  }

  /** An editor's text (opened or changed). */
  editorChanged(uri: string, text: string): void {
    this.open.add(uri);
    // a domain being typed in is not parsed a second time: its first bytes rule it out
    const changed = mayDefineObject(text.slice(0, OBJECT_HEAD_LENGTH)) ? this.builder.set(uri, text, label(uri)) : this.builder.delete(uri);
    if (changed) this.onChange();
  }

  /** An editor closed: its file on disk counts again. */
  async editorClosed(uri: string): Promise<void> {
    this.open.delete(uri);
    const file = filePath(uri);
    const changed = file ? await this.readFile(file) : this.builder.delete(uri);
    if (changed) this.onChange();
  }

  /** A file of the workspace was created, changed or deleted (a watched-files notification). */
  async fileChanged(uri: string, deleted: boolean): Promise<void> {
    if (this.open.has(uri) || !uri.endsWith('.xml')) return;
    const file = filePath(uri);
    if (!file) return;
    const changed = deleted ? this.builder.delete(uri) : await this.readFile(file);
    if (changed) this.onChange();
  }

  /** Reads one file into the catalog (or out of it); true when the catalog changed. */
  private async readFile(file: string): Promise<boolean> {
    const uri = pathToFileURL(file).href;
    if (this.open.has(uri)) return false;
    try {
      // the first bytes tell whether the file may define a network, pool or volume
      const handle = await fs.promises.open(file, 'r');
      let size: number;
      let head: string;
      try {
        size = (await handle.stat()).size;
        const buffer = Buffer.alloc(Math.min(OBJECT_HEAD_LENGTH, size));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
        head = buffer.toString('utf8', 0, bytesRead);
      } finally {
        await handle.close();
      }
      if (size > MAX_FILE_BYTES || !mayDefineObject(head)) return this.builder.delete(uri);
      const text = (await fs.promises.readFile(file, 'utf8')).replace(/^\uFEFF/, '');
      return this.builder.set(uri, text, label(uri));
    } catch {
      return this.builder.delete(uri);
    }
  }
}

function label(uri: string): string {
  const file = filePath(uri);
  return file ? path.basename(file) : uri;
}
