import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { ThrowawayLibvirt, Virsh } from '../../client/src/virsh';
import { LanguageService } from '../../server/src/service/languageService';
import { asQemuType } from '../../server/src/service/libvirt/index';
import { PROJECT_CONFIG_FILE } from '../../server/src/projectConfig';
import { cleanDomain, sharedQemuCache, SKIP_NO_QEMU } from '../support/libvirtEnv';
import { runCli, type Run } from '../support/run';
import { scratchDir } from '../support/scratch';

/**
 * Device files linted as attached to their domain (`--domain FILE`, `"domain"` in the config
 * file), and libvirt's own `virsh attach-device --config` on a throwaway copy of the domain as
 * the oracle for the verdicts.
 */
const scratch = scratchDir('libvirt-xml-cli-domain-', { needsCli: true });
const run = (args: string[], cwd?: string): Promise<Run> => runCli(args, cwd ? { cwd } : {});

const DOMAIN = cleanDomain('vm1');
const disk = (dev: string, extra = '') => `<disk type='file' device='disk'>
  <driver name='qemu' type='raw' cache='none'${extra}/>
  <source file='/var/lib/libvirt/images/vm1-${dev}.img'/>
  <target dev='${dev}' bus='virtio'/>
</disk>
`;

interface JsonReport {
  files: { path: string; diagnostics: { ruleId: string; severity: string; range: { start: { line: number; character: number } } }[] }[];
}
const ruleIds = (r: Run) => (JSON.parse(r.stdout) as JsonReport).files.flatMap((f) => f.diagnostics.map((d) => d.ruleId));

describe('libvirt-xml-lint --domain', () => {
  it('a device file alone is clean; with its domain, the taken target is an error at the target', async () => {
    const domain = scratch.write('a/vm1.xml', DOMAIN);
    const dev = scratch.write('a/disk.xml', disk('vda'));
    const alone = await run([dev]);
    assert.equal(alone.code, 0, alone.stdout + alone.stderr);
    const r = await run(['--domain', domain, dev]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /disk\.xml:4:11: error duplicate-target-dev target vda already exists: the domain's disk '\/var\/lib\/libvirt\/images\/vm1\.img' has <target dev='vda'>/);
    const free = await run(['--domain', domain, scratch.write('a/disk2.xml', disk('vdb'))]);
    assert.equal(free.code, 0, free.stdout + free.stderr);
  });

  it('the domain file itself and other documents are linted as usual', async () => {
    const domain = scratch.write('b/vm1.xml', DOMAIN);
    const r = await run(['--format', 'json', '--domain', domain, domain, scratch.write('b/disk.xml', disk('vdb'))]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(ruleIds(r), []);
  });

  it('a domain that cannot be used ends the run with status 2 and says why, once; the devices are still linted alone', async () => {
    const dev = scratch.write('c/disk.xml', disk('vda', " io='native'").replace("cache='none'", "cache='writeback'"));
    const dev2 = scratch.write('c/disk2.xml', disk('vdb'));
    const cases: [string, RegExp][] = [
      [path.join(scratch.dir, 'c', 'missing.xml'), /--domain \S*missing\.xml: cannot read the domain: no such file or directory/],
      [scratch.write('c/net.xml', '<network><name>n</name></network>'), /is not a libvirt domain \(its root element is <network>, not <domain>\)/],
      [scratch.write('c/broken.xml', '<domain><name>x</name>'), /is not well-formed XML \(line 1\)/],
    ];
    for (const [domain, why] of cases) {
      const r = await run(['--format', 'json', '--domain', domain, dev, dev2]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, why);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      // checked alone: the device's own finding is still there
      assert.deepEqual(ruleIds(r), ['io-native-requires-direct-cache']);
    }
    const usage = await run(['--domain', '', dev]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--domain expects a domain XML file/);
  });

  it('"domain" in .libvirt-lint.json, relative to the config file; --domain overrides it', async () => {
    scratch.write('d/vms/vm1.xml', DOMAIN);
    scratch.write('d/vms/other.xml', cleanDomain('other').replace("dev='vda'", "dev='vdc'"));
    scratch.write(`d/${PROJECT_CONFIG_FILE}`, JSON.stringify({ domain: 'vms/vm1.xml' }));
    const dev = scratch.write('d/devices/disk.xml', disk('vda'));
    const viaConfig = await run(['--format', 'json', dev]);
    assert.equal(viaConfig.code, 1, viaConfig.stderr);
    assert.deepEqual(ruleIds(viaConfig), ['duplicate-target-dev']);
    const printed = JSON.parse((await run(['--print-config', dev])).stdout);
    assert.equal(printed.domain, path.join(scratch.dir, 'd', 'vms', 'vm1.xml'));
    const overridden = await run(['--format', 'json', '--domain', path.join(scratch.dir, 'd', 'vms', 'other.xml'), dev]);
    assert.equal(overridden.code, 0, overridden.stderr);
    assert.deepEqual(ruleIds(overridden), []);
    const broken = scratch.write(`e/${PROJECT_CONFIG_FILE}`, JSON.stringify({ domain: 7 }));
    const bad = await run([scratch.write('e/disk.xml', disk('vda'))]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, new RegExp(`${path.basename(broken).replace('.', '\\.')}.*"domain" must name the domain XML file`));
  });

  it('--fix with --domain applies only safe fixes to the device file and never touches the domain', async () => {
    const domain = scratch.write('f/vm1.xml', DOMAIN);
    const text = disk('vda').replace("cache='none'", "cache='unsafe'");
    const dev = scratch.write('f/disk.xml', text);
    const r = await run(['--fix', '--domain', domain, dev]);
    assert.equal(r.code, 1, 'the taken name remains: renaming is guest-visible, never automatic');
    assert.equal(fs.readFileSync(dev, 'utf8'), text.replace("cache='unsafe'", "cache='none'"));
    assert.equal(fs.readFileSync(domain, 'utf8'), DOMAIN);
  });
});

/**
 * Each device file attached with `virsh attach-device --config` to a throwaway copy of the
 * domain in qemu:///embed, and linted with `--domain`: where libvirt refuses the attach, the
 * linter has an error; where libvirt accepts it, the linter has none.
 */
describe('device files: the linter with --domain against virsh attach-device --config', { skip: SKIP_NO_QEMU }, () => {
  const oracle = new ThrowawayLibvirt(new Virsh(), { seedCache: sharedQemuCache(), asQemuType });
  after(() => oracle.dispose());
  const service = new LanguageService();
  const WITH_IOTHREAD = DOMAIN.replace('  <os>', '  <iothreads>1</iothreads>\n  <os>');
  // refused: by attach-device itself; 'define': attach-device takes it, but the domain it then
  // holds is one that libvirt refuses at the next define (virsh edit, a restore from the file).
  const cases: { name: string; device: string; domain?: string; refused: boolean | 'define' }[] = [
    { name: 'a free target', device: disk('vdb'), refused: false },
    { name: 'a taken target', device: disk('vda'), refused: true },
    { name: 'an IOThread the domain does not have', device: disk('vdb', " iothread='2'"), refused: true },
    { name: 'an IOThread the domain has', device: disk('vdb', " iothread='1'"), domain: WITH_IOTHREAD, refused: false },
    { name: 'a taken drive address', device: disk('sda').replace("bus='virtio'", "bus='sata'").replace('</disk>', "  <address type='drive' controller='0' bus='0' target='0' unit='0'/>\n</disk>"), domain: DOMAIN.replace('<devices>', "<devices>\n    <disk type='file' device='cdrom'>\n      <target dev='sdz' bus='sata'/>\n      <readonly/>\n      <address type='drive' controller='0' bus='0' target='0' unit='0'/>\n    </disk>"), refused: 'define' },
    { name: 'a CD-ROM on virtio', device: disk('vdb').replace("device='disk'", "device='cdrom'"), refused: true },
  ];
  for (const c of cases) {
    const says = c.refused === 'define' ? 'attaches it but then refuses the domain' : c.refused ? 'refuses it' : 'accepts it';
    it(`${c.name}: libvirt ${says}, and the linter has ${c.refused ? 'an error' : 'no error'}`, async () => {
      const domain = c.domain ?? DOMAIN;
      const verdict = await oracle.attachQemu(domain, c.device);
      assert.equal(verdict.skipped, undefined, verdict.skipped);
      assert.equal(!verdict.ok, c.refused === true, `libvirt: ${JSON.stringify(verdict.messages)}`);
      if (c.refused === 'define') {
        const combined = service.parse(c.device, {}, { domain: { text: domain, label: 'vm1.xml' } }).attached!.text;
        const defined = await oracle.validateQemu(combined);
        assert.equal(defined.ok, false, 'libvirt refuses the domain with the device in it');
      }
      const found = service.validate(service.parse(c.device, {}, { domain: { text: domain, label: 'vm1.xml' } }));
      const errors = found.filter((d) => d.severity === 'error');
      assert.equal(errors.length > 0, c.refused !== false, `linter: ${JSON.stringify(found.map((d) => `${d.ruleId}: ${d.message}`))}; libvirt: ${JSON.stringify(verdict.messages)}`);
    });
  }

  it('the CLI shows libvirt\'s attach-device verdict at the place its message names', async () => {
    const domain = scratch.write('g/vm1.xml', DOMAIN);
    const dev = scratch.write('g/disk.xml', disk('vda'));
    const r = await run(['--libvirt', 'qemu:///embed', '--rule', 'duplicate-target-dev=off', '--domain', domain, dev]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /disk\.xml:4:11: error libvirt libvirt's QEMU driver: Requested operation is not valid: target vda already exists/);
    const ok = await run(['--libvirt', 'qemu:///embed', '--domain', domain, scratch.write('g/disk2.xml', disk('vdb'))]);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  });

  it('a domain libvirt refuses is a problem of the run, not a verdict on the device', async () => {
    const refused = DOMAIN.replace("cache='none'", "cache='writeback' io='native'");
    await assert.rejects(oracle.attachQemu(refused, disk('vdb')), /libvirt refuses the domain itself: .*io='native'/);
  });
});
