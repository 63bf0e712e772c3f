import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { LanguageService } from '../../server/src/service/languageService';
import { FILE_VOLUME_FORMATS, PARTITION_VOLUME_FORMATS, POOL_TYPES, poolType, requiredSourceParts, sourceFormatProblem, volumeFormatProblem } from '../../server/src/service/kinds/storage/poolTypes';
import { readSize, unitScale } from '../../server/src/service/kinds/storage/sizes';
import { poolFacts } from '../../server/src/service/kinds/pool/facts';
import { volumeFacts } from '../../server/src/service/kinds/volume/facts';
import { schemaDir } from '../support/schemas';

/** The elements of basictypes.rng that pools use (the SCSI adapter and its PCI address). */
const POOL_ONLY_BASIC = new Set(['adapter', 'parentaddr', 'address']);
import { parseXml } from '../../server/src/service/parse/parseXml';
import { allRules } from '../../server/src/service/registry';
import { fixturesDir, readFixture } from '../support/fixtures';
import { cursor } from '../support/cursor';

const service = new LanguageService();
const corpusFiles = (kind: string) =>
  fs
    .readdirSync(path.join(fixturesDir, 'corpus', kind))
    .filter((f) => f.endsWith('.xml'))
    .map((f) => path.join('corpus', kind, f));

describe('storage kinds: documents', () => {
  it('<pool> and <volume> documents are libvirt documents of their kinds, with their schemas', () => {
    const pool = service.parse(readFixture('corpus', 'pool', 'pool-netfs.xml'));
    const vol = service.parse(readFixture('corpus', 'volume', 'vol-qcow2.xml'));
    assert.equal(pool.kind?.id, 'pool');
    assert.equal(vol.kind?.id, 'volume');
    assert.deepEqual([pool.kind.schema, vol.kind!.schema], [{ file: 'storagepool.rng' }, { file: 'storagevol.rng' }]);
    assert.ok(service.isLibvirtDocument(pool) && service.isLibvirtDocument(vol));
  });

  it('the rules of both kinds are in the registry once (settings, --rule, SARIF, rule reference)', () => {
    for (const id of ['pool-target-path-missing', 'pool-name-invalid', 'pool-source-missing-parts', 'pool-source-format-unknown', 'volume-format-unknown', 'volume-size-invalid', 'volume-capacity-missing', 'volume-allocation-above-capacity', 'volume-name-invalid', 'volume-format-options', 'pool-cow-feature-type', 'storage-permissions-malformed']) {
      assert.equal(allRules.filter((r) => r.id === id).length, 1, id);
    }
  });
});

describe('storage facts', () => {
  it('libvirt\'s per-type flags give the required source parts and their messages', () => {
    const needs = (t: string) => requiredSourceParts(poolType(t)!).map((r) => r.part);
    assert.deepEqual(needs('netfs'), ['host', 'dir']);
    assert.deepEqual(needs('fs'), ['device']);
    assert.deepEqual(needs('disk'), ['device']);
    assert.deepEqual(needs('logical'), [], 'logical: device not required at define time (name and device flags)');
    assert.deepEqual(needs('iscsi'), ['host']);
    assert.deepEqual(needs('iscsi-direct'), ['host', 'initiator']);
    assert.deepEqual(needs('rbd'), ['host', 'name']);
    assert.deepEqual(needs('gluster'), ['host'], 'gluster: the directory defaults to /');
    assert.deepEqual(needs('scsi'), ['adapter']);
    assert.deepEqual(needs('dir'), []);
    assert.equal(POOL_TYPES.length, 14);
  });

  it('volume formats: refused only when no pool type that reads formats knows them, or the given type does not', () => {
    assert.equal(volumeFormatProblem('qcow2'), undefined);
    assert.equal(volumeFormatProblem('linux-swap'), undefined);
    assert.match(volumeFormatProblem('vhdx')!, /^unknown volume format type vhdx/);
    assert.match(volumeFormatProblem('qcow2', poolType('disk'))!, /disk pools hold none, linux/);
    assert.equal(volumeFormatProblem('anything', poolType('logical')), undefined, 'logical pools ignore the format');
    assert.equal(volumeFormatProblem('none'), undefined);
    assert.match(volumeFormatProblem('none', poolType('dir'))!, /unknown volume format type none/);
    assert.ok(FILE_VOLUME_FORMATS.includes('qcow2') && PARTITION_VOLUME_FORMATS.includes('extended'));
    assert.equal(sourceFormatProblem('nfs', poolType('netfs')!), undefined);
    assert.match(sourceFormatProblem('ext4', poolType('netfs')!)!, /unknown pool format type ext4/);
  });

  it('sizes are scaled as virScaleInteger scales them', () => {
    assert.equal(unitScale(undefined), 1n);
    assert.equal(unitScale('G'), 1024n ** 3n);
    assert.equal(unitScale('gib'), 1024n ** 3n);
    assert.equal(unitScale('GB'), 1000n ** 3n);
    assert.equal(unitScale('bytes'), 1n);
    assert.equal(unitScale('GByte'), undefined);
    const size = (xml: string) => readSize(parseXml(xml).root!);
    assert.equal(size("<capacity unit='T'>1</capacity>").bytes, 1024n ** 4n);
    assert.match(size('<capacity>-1</capacity>').problem!, /^malformed capacity element/);
    assert.match(size("<capacity unit='E'>8</capacity>").problem!, /^value too large/);
    assert.equal(size("<capacity unit='E'>7</capacity>").problem, undefined);
    assert.equal(size('<capacity/>').empty, true);
  });
});

describe('storage hover', () => {
  it('every element and attribute of libvirt\'s pool and volume test inputs has a hover', () => {
    const missing = new Set<string>();
    let checked = 0;
    for (const file of [...corpusFiles('pool'), ...corpusFiles('volume')]) {
      const text = readFixture(file);
      const doc = service.parse(text);
      for (const el of doc.xml!.elements) {
        checked++;
        if (!service.hover(doc, el.nameSpan.start + 1)) missing.add(`<${el.parent?.name ?? ''}/${el.name}> in ${file}`);
        for (const a of el.attrs) {
          checked++;
          if (a.name.startsWith('xmlns')) continue;
          if (!service.hover(doc, a.nameSpan.start + 1)) missing.add(`${el.name}@${a.name} in ${file}`);
        }
      }
    }
    assert.deepEqual([...missing], []);
    assert.ok(checked > 1000, `${checked} elements and attributes`);
  });

  it('every element libvirt\'s storage schemas define has facts in the kind that uses it', { skip: fs.existsSync(schemaDir('10.7.0')) ? false : 'schemas not found' }, () => {
    const names = (files: string[]) =>
      new Set(files.flatMap((f) => [...fs.readFileSync(path.join(schemaDir('10.7.0'), f), 'utf8').matchAll(/<element name="([\w-]+)"(?: ns="([^"]+)")?/g)].map((m) => (m[2] ? `${m[2].includes('/fs/') ? 'fs' : 'rbd'}:${m[1]}` : m[1]))));
    // storagecommon.rng also holds <reconnect> and <reservations>, which only domains use, and the
    // iSCSI <initiator><iqn>, which only pools use.
    const common = [...names(['storagecommon.rng'])].filter((n) => !['reconnect', 'reservations', 'initiator', 'iqn'].includes(n));
    const missing: string[] = [];
    for (const [kind, table, own] of [['pool', poolFacts, 'storagepool.rng'], ['volume', volumeFacts, 'storagevol.rng']] as const) {
      const used = kind === 'pool' ? [...names([own, 'basictypes.rng']).values()].filter((n) => POOL_ONLY_BASIC.has(n) || names([own]).has(n)) : [...names([own]), ...common];
      // <option> inherits the namespace of <fs:mount_opts> / <rbd:config_opts>: its facts are under the prefix.
      for (const n of used) if (!Object.keys(table).some((k) => k === n || k.endsWith(`/${n}`) || k.endsWith(`:${n}`))) missing.push(`${kind}: <${n}>`);
    }
    assert.deepEqual(missing, []);
  });

  it('a value hover says what the value is and which pool types hold it', () => {
    const { text, offset } = cursor("<volume>\n  <name>v</name>\n  <capacity unit='G'>1</capacity>\n  <target>\n    <format type='qc|ow2'/>\n  </target>\n</volume>\n");
    const h = service.hover(service.parse(text), offset)!;
    assert.match(h.contents, /type='qcow2'/);
    assert.match(h.contents, /Pools: dir, fs, netfs, rbd, gluster, vstorage/);
    assert.match(h.contents, /volume-format-unknown/, 'the rule reading the value is named');
    assert.match(h.contents, /formatstorage\.html#storage-volume-target-elements/);
  });

  it('a source format the pool type does not know: its hover says what the rule reports', () => {
    const { text, offset } = cursor("<pool type='netfs'>\n  <source>\n    <format type='ex|t4'/>\n  </source>\n</pool>\n");
    const h = service.hover(service.parse(text), offset)!;
    assert.match(h.contents, /Reported here:\*\* unknown pool format type ext4/);
    const { text: ok, offset: at } = cursor("<pool type='fs'>\n  <source>\n    <format type='ex|t4'/>\n  </source>\n</pool>\n");
    assert.doesNotMatch(service.hover(service.parse(ok), at)!.contents, /Reported here/);
  });

  it('the pool type hover lists the types and the rules that read the type', () => {
    const { text, offset } = cursor("<pool ty|pe='dir'>\n  <name>p</name>\n</pool>\n");
    const h = service.hover(service.parse(text), offset)!;
    for (const t of ['dir', 'netfs', 'iscsi-direct', 'vstorage']) assert.match(h.contents, new RegExp('`' + t + '`'));
    assert.match(h.contents, /pool-target-path-missing/);
    assert.match(h.contents, /Removed in libvirt 8\.8\.0/);
  });
});

describe('storage completion', () => {
  const labels = (marked: string) => {
    const { text, offset } = cursor(marked);
    return service.complete(service.parse(text), offset).map((e) => e.label);
  };

  it('a new file offers <pool> and <volume> as roots', () => {
    const roots = labels('<|');
    assert.ok(roots.includes('pool') && roots.includes('volume'), roots.join(' '));
  });

  it('the children of <pool>, <source> and a volume <target>', () => {
    assert.deepEqual(labels("<pool type='dir'>\n  <name>p</name>\n  <|\n</pool>\n").filter((l) => !l.startsWith('libvirt-')), ['uuid', 'capacity', 'allocation', 'available', 'features', 'source', 'target', 'refresh']);
    assert.ok(labels("<pool type='netfs'>\n  <source>\n    <|\n  </source>\n</pool>\n").includes('host'));
    assert.ok(labels("<volume>\n  <target>\n    <|\n  </target>\n</volume>\n").includes('format'));
  });

  it('<source><format type> offers the formats of the pool\'s own type, the rule\'s facts', () => {
    assert.deepEqual(labels("<pool type='netfs'>\n  <source>\n    <format type='|'/>\n  </source>\n</pool>\n"), ['auto', 'nfs', 'glusterfs', 'cifs']);
    assert.deepEqual(labels("<pool type='logical'>\n  <source>\n    <format type='|'/>\n  </source>\n</pool>\n"), ['unknown', 'lvm2']);
  });

  it('volume formats, size units and pool types are offered from the facts', () => {
    const formats = labels("<volume>\n  <target>\n    <format type='|'/>\n  </target>\n</volume>\n");
    assert.ok(formats.includes('qcow2') && formats.includes('raw') && formats.includes('linux-swap'));
    assert.ok(labels("<volume>\n  <capacity unit='|'>1</capacity>\n</volume>\n").includes('GiB'));
    assert.ok(labels("<pool type='|'/>\n").includes('iscsi-direct'));
  });
});

describe('storage outline', () => {
  it('a pool: name and type, source in one line, target path, sizes', () => {
    const doc = service.parse(readFixture('corpus', 'pool', 'pool-netfs.xml'));
    const [root] = service.symbols(doc);
    assert.equal(root.name, 'nfsimages — netfs');
    assert.deepEqual(
      root.children.map((c) => `${c.name}: ${c.detail ?? ''}`),
      ['name: nfsimages', 'source: localhost /var/lib/libvirt/images — nfs', 'target: /mnt', 'capacity: 0', 'allocation: 0', 'available: 0'],
    );
  });

  it('a volume: name and format, target, backing store and sizes', () => {
    const doc = service.parse(readFixture('corpus', 'volume', 'vol-qcow2.xml'));
    const [root] = service.symbols(doc);
    assert.equal(root.name, 'OtherDemo.img — qcow2');
    assert.deepEqual(
      root.children.map((c) => `${c.name}: ${c.detail ?? ''}`),
      ['name: OtherDemo.img', 'target: /var/lib/libvirt/images/OtherDemo.img (qcow2)', 'backingStore: /dev/null (raw)', 'capacity: 5 G', 'allocation: 294912'],
    );
  });
});
