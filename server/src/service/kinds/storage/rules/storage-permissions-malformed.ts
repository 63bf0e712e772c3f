import type { XElement } from '../../../parse/xmlTree';
import type { Rule } from '../../../rule';
import type { Finding } from '../../../types';

/** What the permissions rule reads of a pool or a volume: the document's root. */
export interface StorageDocument {
  root: XElement;
}

const UID_MAX = 2n ** 32n - 1n;

/** libvirt's reading of `<owner>`/`<group>`: a decimal integer that fits an id, or -1. */
function idProblem(text: string): boolean {
  if (!/^[+-]?\d+$/.test(text)) return true;
  const v = BigInt(text);
  return v !== -1n && (v < 0n || v > UID_MAX);
}

/** Every `<permissions>` libvirt reads: the target's and the backing store's. */
function permissionElements(root: XElement): XElement[] {
  const out: XElement[] = [];
  for (const parent of [root.child('target'), root.child('backingStore')]) {
    const p = parent?.child('permissions');
    if (p) out.push(p);
  }
  return out;
}

export const storagePermissionsMalformed: Rule<StorageDocument> = {
  id: 'storage-permissions-malformed',
  title: '<permissions> needs an octal mode and numeric owner and group',
  defaultSeverity: 'error',
  subjects: ['permissions/mode', 'permissions/owner', 'permissions/group', 'target/permissions'],
  docs: `The \`<permissions>\` of a pool's or a volume's \`<target>\` (and of a volume's \`<backingStore>\`) set
what libvirt creates: \`<mode>\` is an octal number up to 0777, \`<owner>\` and \`<group>\` are numeric ids
(or -1, "leave it"). libvirt refuses anything else when the pool or volume is defined: "malformed octal
mode", "malformed owner element", "malformed group element". User and group names are not looked up:
write \`107\`, not \`qemu\`.

No fix: the right id depends on the host.

Sources: libvirt \`src/conf/storage_conf.c\` (\`virStorageDefParsePerms\`); formatstorage ("Storage pool
target elements", "Storage volume target elements": \`permissions\`).`,
  check(ctx) {
    const out: Finding[] = [];
    for (const perms of permissionElements(ctx.model.root)) {
      const mode = perms.child('mode');
      if (mode) {
        const t = mode.textContent();
        // An empty <mode> reads as no mode at all (virXPathString gives NULL).
        if (t !== '' && (!/^[0-7]+$/.test(t) || parseInt(t, 8) > 0o777)) out.push({ ruleId: this.id, span: mode.endTag ? mode.contentSpan : mode.nameSpan, message: `malformed octal mode: <permissions><mode> '${t}' is not an octal mode from 0 to 0777.` });
      }
      for (const name of ['owner', 'group'] as const) {
        const el = perms.child(name);
        if (!el) continue;
        const t = el.textContent();
        if (idProblem(t)) out.push({ ruleId: this.id, span: el.endTag ? el.contentSpan : el.nameSpan, message: `malformed ${name} element: <permissions><${name}> '${t}' is not a numeric ${name === 'owner' ? 'user' : 'group'} id (or -1).` });
      }
    }
    return out;
  },
};
