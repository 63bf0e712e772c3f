import * as fs from 'node:fs';
import * as path from 'node:path';
import { sharedDir } from './fixtures';

export const corpusDir = path.join(sharedDir, 'corpus');

/** Rows of a tab-separated label file as objects keyed by the header. */
export function readTsv(file: string): Record<string, string>[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
  const header = lines[0].split('\t');
  return lines.slice(1).map((l) => {
    const cells = l.split('\t');
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  });
}

/** Corpus inputs that libvirt 9.0's QEMU driver accepted (`virsh define --validate`, qemu:///embed). */
export function qemuAcceptedInputs(): string[] {
  return readTsv(path.join(corpusDir, 'libvirt-validity.tsv'))
    .filter((r) => r.qemu_embed_define_ok === '1')
    .map((r) => path.join(corpusDir, 'libvirt', r.file));
}

/** Every corpus document (inputs and libvirt's formatted outputs). */
export function allCorpusFiles(): string[] {
  const out: string[] = [];
  for (const dir of ['libvirt', 'libvirt-out']) {
    for (const f of fs.readdirSync(path.join(corpusDir, dir)).sort()) if (f.endsWith('.xml')) out.push(path.join(corpusDir, dir, f));
  }
  return out;
}
