import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { deviceKind } from '../../server/src/service/kinds/device/index';
import { domainKind } from '../../server/src/service/kinds/domain/index';
import { LanguageService } from '../../server/src/service/languageService';
import { parseXml } from '../../server/src/service/parse/parseXml';
import { CompiledSchema } from '../../server/src/service/schema/validate';
import { fileSchemaReader } from '../../server/src/schemaFiles';
import { sharedDir } from '../support/fixtures';
import { cursor } from '../support/cursor';
import { schemaDir } from '../support/schemas';

/**
 * Device fragments (`virsh attach-device` files): a document whose root is one device is its
 * own kind, linted with the domain's per-device rules, validated against the content of
 * libvirt's `<devices>`, with hover, completion and an outline.
 */
const service = new LanguageService({
  onRuleError: ({ ruleId, error }) => {
    throw new Error(`rule ${ruleId} threw: ${String(error)}`);
  },
});

const SHARED_QCOW2 = `<disk type='block' device='disk'>
  <driver name='qemu' type='qcow2' cache='writeback'/>
  <source dev='/dev/sdb'/>
  <target dev='vdb' bus='virtio'/>
  <shareable/>
</disk>
`;

describe('device fragments', () => {
  it('are their own kind; other XML stays of no kind', () => {
    assert.equal(service.parse(SHARED_QCOW2).kind, deviceKind);
    assert.equal(service.parse("<interface type='network'><source network='default'/></interface>").kind, deviceKind);
    assert.equal(service.parse('<domain/>').kind, domainKind);
    assert.equal(service.parse('<project><name>n</name></project>').kind, null);
  });

  it('get the per-device rules at the exact places, with fixes', () => {
    const doc = service.parse(SHARED_QCOW2);
    const d = service.validate(doc).map((x) => [x.ruleId, SHARED_QCOW2.slice(x.span.start, x.span.end)]);
    assert.deepEqual(d, [
      ['shared-disk-cache-enabled', "cache='writeback'"],
      ['shareable-requires-raw', "type='qcow2'"],
    ]);
    assert.equal(service.fixAll(SHARED_QCOW2).text, SHARED_QCOW2.replace("cache='writeback'", "cache='none'"));
  });

  it('leave out the rules that need the domain around the device', () => {
    // A SCSI disk alone: its controller is in the domain it will be attached to, not here.
    const scsi = `<disk type='block' device='disk'><driver name='qemu' type='raw' cache='none' iothread='1'/><source dev='/dev/sdc'/><target dev='sda' bus='scsi'/></disk>`;
    const inFragment = service.validate(service.parse(scsi)).map((d) => d.ruleId);
    assert.ok(!inFragment.includes('scsi-disk-without-virtio-scsi-controller'), inFragment.join(', '));
    assert.ok(!inFragment.includes('iothread-assignment'), inFragment.join(', '));
    // The same disk in a domain without that controller or IOThreads gets both.
    const inDomain = service.validate(service.parse(`<domain type='kvm'><devices>${scsi}</devices></domain>`)).map((d) => d.ruleId);
    assert.ok(inDomain.includes('scsi-disk-without-virtio-scsi-controller') && inDomain.includes('iothread-assignment'), inDomain.join(', '));
  });

  it('hover and complete like the same device inside a domain', () => {
    const { text, offset } = cursor(SHARED_QCOW2.replace("cache='writeback'", "cache='write|back'"));
    const h = service.hover(service.parse(text), offset);
    assert.match(h!.contents, /\*\*Reported here:\*\* <driver cache='writeback'> on a shareable <disk>/);
    const c = cursor(`<disk type='block' device='lun'><source dev='/dev/sdb'/><target dev='sda' bus='|'/></disk>`);
    const items = service.complete(service.parse(c.text), c.offset);
    assert.match(items.find((i) => i.label === 'virtio')!.unsafe!, /SCSI emulation with 'virtio-blk'/);
    assert.equal(items.find((i) => i.label === 'scsi')!.unsafe, undefined);
    const root = cursor(`<disk type='file' |`);
    assert.ok(service.complete(service.parse(root.text), root.offset).some((i) => i.label === 'device'));
  });

  it('have an outline of the device', () => {
    const symbols = service.symbols(service.parse(SHARED_QCOW2));
    assert.deepEqual(symbols.map((s) => s.name), ['vdb — virtio — /dev/sdb']);
  });
});

describe('device fragments of libvirt corpus domains', () => {
  const corpus = path.join(sharedDir, 'corpus', 'libvirt');
  const tsv = path.join(sharedDir, 'corpus', 'libvirt-validity.tsv');
  it('every device of every domain libvirt accepts is a fragment without schema or rule errors', { skip: fs.existsSync(tsv) ? false : 'corpus not found' }, () => {
    const rows = fs.readFileSync(tsv, 'utf8').trim().split('\n').map((l) => l.split('\t'));
    const col = (name: string) => rows[0].indexOf(name);
    const accepted = rows.slice(1).filter((r) => r[col('valid')] === '1' && r[col('qemu_embed_define_ok')] === '1').map((r) => r[col('file')]);
    const schema = CompiledSchema.load(fileSchemaReader(schemaDir('10.7.0')), deviceKind.schema.file, {}, deviceKind.schema.contentOf);
    let fragments = 0;
    const problems: string[] = [];
    for (const name of accepted) {
      const text = fs.readFileSync(path.join(corpus, name), 'utf8');
      const devices = parseXml(text).root?.child('devices');
      for (const el of devices?.children ?? []) {
        if (!deviceKind.roots.includes(el.name)) continue;
        const fragment = text.slice(el.start, el.end);
        const doc = service.parse(fragment);
        fragments++;
        if (doc.kind !== deviceKind) problems.push(`${name}: <${el.name}> is not a device fragment`);
        for (const e of schema.validate(doc.xml!)) problems.push(`${name}: <${el.name}>: schema: ${e.message}`);
        for (const d of service.validate(doc)) if (d.severity === 'error') problems.push(`${name}: <${el.name}>: ${d.ruleId}: ${d.message}`);
      }
    }
    console.log(`device fragments: ${fragments} from ${accepted.length} accepted domains`);
    assert.ok(fragments > 3000, `only ${fragments} fragments`);
    assert.deepEqual(problems.slice(0, 20), [], `${problems.length} problems`);
  });
});
