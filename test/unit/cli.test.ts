import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseXml } from '../../server/src/service/parse/parseXml';
import { allRules } from '../../server/src/service/registry';
import { repoRoot } from '../support/fixtures';
import { runCli, type Run, type RunOptions } from '../support/run';
import { domainWithDisks, IO_NATIVE_DISK, NOT_A_DOMAIN, scratchDir } from '../support/scratch';

const examplesDir = path.join(repoRoot, 'examples');

function run(args: string[], options: RunOptions = {}): Promise<Run> {
  // These tests use partial domains that libvirt's schema rejects; schema checks have their
  // own tests (cliSchema.test.ts) and must not depend on the machine's installed schemas here.
  const schemaArgs = args.some((a) => a === '--schema' || a === '--no-schema' || a === '--help' || a === '-h' || a === '--version') ? [] : ['--no-schema'];
  return runCli([...schemaArgs, ...args], options);
}

interface JsonPosition {
  line: number;
  character: number;
}
interface JsonRange {
  start: JsonPosition;
  end: JsonPosition;
}
interface JsonDiagnostic {
  ruleId: string;
  severity: string;
  message: string;
  range: JsonRange;
  fixes: { title: string; preferred: boolean; edits: { range: JsonRange; newText: string }[] }[];
}
interface JsonReport {
  files: { path: string; diagnostics: JsonDiagnostic[] }[];
  skipped: { path: string; reason: string }[];
}

/** A shared disk with host caching: line 3 has non-ASCII text (é, and 🚀 = 2 UTF-16 units) before the attribute. */
const SHARED_WRITEBACK = `<domain type='kvm'>
  <devices>
    <disk type='block' device='disk'>
      <!--é🚀--><driver name='qemu' type='raw' cache='writeback'/>
      <source dev='/dev/mapper/mpatha'/>
      <target dev='vdb' bus='virtio'/>
      <shareable/>
    </disk>
    <disk type='block' device='disk'>
      <driver name='qemu' type='raw'/>
      <source dev='/dev/mapper/mpathb'/>
      <target dev='vdc' bus='virtio'/>
      <shareable/>
    </disk>
  </devices>
</domain>
`;

/** The same document after the safe fixes. */
const SHARED_WRITEBACK_FIXED = SHARED_WRITEBACK.replace("cache='writeback'", "cache='none'").replace("<driver name='qemu' type='raw'/>", "<driver name='qemu' type='raw' cache='none'/>");

const IO_NATIVE_ERROR = domainWithDisks(IO_NATIVE_DISK);

const CLEAN = `<domain type='kvm'>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2' cache='none'/>
      <source file='/var/lib/libvirt/images/a.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
  </devices>
</domain>
`;

const SEED_RULES = [
  'shared-disk-cache-enabled',
  'dmp-fast-recovery-needs-cache-none',
  'virtio-scsi-command-subset',
  'thin-reclaim-unsupported-on-virtio',
  'virtio-no-online-resize',
  'virtio-blk-slot-budget',
  'virtio-scsi-address-range',
  'vxfs-on-virtio-blk',
  'lun-needed-for-deep-discovery',
  'lun-on-virtio-blk',
];
/** Rules 11, 13, 14, 18, 20 of the catalogue: the examples show them too. */
const OTHER_DISK_RULES = ['io-native-requires-direct-cache', 'cache-unsafe', 'migration-unsafe-cache', 'detect-zeroes-unmap-without-discard', 'shareable-requires-raw'];
const registered = new Set(allRules.map((r) => r.id));

const scratch = scratchDir('libvirt-xml-cli-', { needsCli: true });
const write = (name: string, text: string | Buffer): string => scratch.write(name, text);

function parseJson(r: Run): JsonReport {
  assert.doesNotThrow(() => JSON.parse(r.stdout), `stdout is not one JSON document: ${r.stdout.slice(0, 200)}`);
  return JSON.parse(r.stdout) as JsonReport;
}

function assertPosition(p: JsonPosition): void {
  assert.deepEqual(Object.keys(p).sort(), ['character', 'line']);
  assert.ok(Number.isInteger(p.line) && p.line >= 0);
  assert.ok(Number.isInteger(p.character) && p.character >= 0);
}

function assertRange(r: JsonRange): void {
  assert.deepEqual(Object.keys(r).sort(), ['end', 'start']);
  assertPosition(r.start);
  assertPosition(r.end);
}

/** Checks every field of the JSON report against the documented shape. */
function assertJsonShape(report: JsonReport): void {
  assert.deepEqual(Object.keys(report), ['files', 'skipped']);
  for (const s of report.skipped) {
    assert.deepEqual(Object.keys(s), ['path', 'reason']);
    assert.equal(typeof s.reason, 'string');
  }
  for (const f of report.files) {
    assert.deepEqual(Object.keys(f).sort(), ['diagnostics', 'path']);
    assert.equal(typeof f.path, 'string');
    for (const d of f.diagnostics) {
      assert.deepEqual(Object.keys(d).sort(), ['fixes', 'message', 'range', 'ruleId', 'severity']);
      assert.match(d.ruleId, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(['error', 'warning', 'info', 'hint'].includes(d.severity), d.severity);
      assert.ok(d.message.length > 0);
      assertRange(d.range);
      for (const fix of d.fixes) {
        assert.deepEqual(Object.keys(fix).sort(), ['edits', 'preferred', 'title']);
        assert.equal(typeof fix.title, 'string');
        assert.equal(typeof fix.preferred, 'boolean');
        assert.ok(fix.edits.length > 0);
        for (const e of fix.edits) {
          assert.deepEqual(Object.keys(e).sort(), ['newText', 'range']);
          assertRange(e.range);
          assert.equal(typeof e.newText, 'string');
        }
      }
    }
  }
}

function ruleIds(report: JsonReport): Set<string> {
  return new Set(report.files.flatMap((f) => f.diagnostics.map((d) => d.ruleId)));
}

describe('cli --format json', () => {
  it('prints one JSON object with every documented field, LSP ranges in UTF-16', async () => {
    const file = write('json/shared.xml', SHARED_WRITEBACK);
    const r = await run(['--format', 'json', file]);
    assert.equal(r.code, 0, r.stderr); // a warning and an info: no error
    const report = parseJson(r);
    assertJsonShape(report);
    assert.equal(report.files.length, 1);
    assert.equal(report.files[0].path, file);
    const cache = report.files[0].diagnostics.filter((d) => d.ruleId === 'shared-disk-cache-enabled');
    assert.equal(cache.length, 2);
    // line 3: 6 spaces + "<!--" + "é" + "🚀" (2 units) + "-->" + "<driver name='qemu' type='raw' " = 47
    assert.deepEqual(cache[0], {
      ruleId: 'shared-disk-cache-enabled',
      severity: 'warning',
      message: cache[0].message,
      range: { start: { line: 3, character: 47 }, end: { line: 3, character: 64 } },
      fixes: [
        { title: "Set <driver cache='none'>", preferred: true, edits: [{ range: { start: { line: 3, character: 54 }, end: { line: 3, character: 63 } }, newText: 'none' }] },
        { title: "Set <driver cache='directsync'>", preferred: false, edits: [{ range: { start: { line: 3, character: 54 }, end: { line: 3, character: 63 } }, newText: 'directsync' }] },
      ],
    });
    assert.match(cache[0].message, /cache='writeback'/);
    assert.equal(cache[1].severity, 'info');
    assert.deepEqual(cache[1].fixes[0].edits, [{ range: { start: { line: 9, character: 36 }, end: { line: 9, character: 36 } }, newText: " cache='none'" }]);
  });

  it('lists every linted file (an empty list when clean) and the skipped ones apart', async () => {
    const clean = write('json/clean.xml', CLEAN);
    const network = write('json/network.xml', NOT_A_DOMAIN);
    const r = await run(['--format', 'json', clean, network]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(parseJson(r), { files: [{ path: clean, diagnostics: [] }], skipped: [{ path: network, reason: 'not a libvirt document' }] });
  });
});

describe('cli --format sarif', () => {
  it('prints SARIF 2.1.0 with rules, 1-based regions, levels and fixes', async () => {
    const file = write('sarif/shared.xml', SHARED_WRITEBACK);
    const r = await run(['--format', 'sarif', file]);
    assert.equal(r.code, 0, r.stderr);
    const log = JSON.parse(r.stdout);
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    assert.equal(log.runs.length, 1);
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.name, 'libvirt-xml-lint');
    assert.equal(driver.version, JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version);
    assert.match(driver.informationUri, /^https:\/\//);
    const ids = driver.rules.map((x: { id: string }) => x.id);
    for (const id of [...registered, 'not-well-formed']) assert.ok(ids.includes(id), `rules[] lacks ${id}`);
    for (const rule of driver.rules) {
      assert.equal(typeof rule.shortDescription.text, 'string');
      assert.equal(rule.helpUri, `https://github.com/libvirt-xml/libvirt-xml/blob/main/docs/rules.md#${rule.id}`);
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
    }
    const results = log.runs[0].results.filter((x: { ruleId: string }) => x.ruleId === 'shared-disk-cache-enabled');
    assert.equal(results.length, 2);
    for (const res of log.runs[0].results) {
      assert.equal(driver.rules[res.ruleIndex].id, res.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(res.level));
      assert.equal(typeof res.message.text, 'string');
      assert.equal(res.locations[0].physicalLocation.artifactLocation.uri.endsWith('sarif/shared.xml'), true);
    }
    assert.equal(results[0].level, 'warning');
    assert.deepEqual(results[0].locations[0].physicalLocation.region, { startLine: 4, startColumn: 48, endLine: 4, endColumn: 65 });
    assert.equal(results[1].level, 'note'); // info → note
    assert.deepEqual(results[0].fixes[0].artifactChanges[0].replacements[0], {
      deletedRegion: { startLine: 4, startColumn: 55, endLine: 4, endColumn: 64 },
      insertedContent: { text: 'none' },
    });
    assert.equal(results[0].fixes[0].description.text, "Set <driver cache='none'>");
  });

  it('uses relative URIs for relative paths', async () => {
    write('sarif/rel dir/a.xml', IO_NATIVE_ERROR);
    const r = await run(['--format', 'sarif', path.join('rel dir', 'a.xml')], { cwd: path.join(scratch.dir, 'sarif') });
    assert.equal(r.code, 1);
    const res = JSON.parse(r.stdout).runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'io-native-requires-direct-cache');
    assert.equal(res.level, 'error');
    assert.equal(res.locations[0].physicalLocation.artifactLocation.uri, 'rel%20dir/a.xml');
  });
});

describe('cli text format and exit codes', () => {
  it('prints file:line:col: severity rule-id message (1-based) and a summary', async () => {
    const file = write('text/shared.xml', SHARED_WRITEBACK);
    const r = await run([file]);
    assert.equal(r.code, 0);
    const lines = r.stdout.trimEnd().split('\n');
    assert.ok(lines.some((l) => l.startsWith(`${file}:4:48: warning shared-disk-cache-enabled <driver cache='writeback'>`)), r.stdout);
    assert.ok(lines.some((l) => l.startsWith(`${file}:10:8: info shared-disk-cache-enabled `)), r.stdout);
    assert.match(lines[lines.length - 1], /^\d+ problems \(0 errors, \d+ warnings?, \d+ info, \d+ hints?\) in 1 file\.$/);
  });

  it('exits 0 on a clean file, 1 when an error remains', async () => {
    const clean = write('exit/clean.xml', CLEAN);
    const bad = write('exit/bad.xml', IO_NATIVE_ERROR);
    const ok = await run([clean]);
    assert.equal(ok.code, 0);
    assert.equal(ok.stdout, 'No problems in 1 file.\n');
    const r = await run([clean, bad]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /bad\.xml:4:61: error io-native-requires-direct-cache io='native' needs either no disk cache or directsync cache mode/);
    assert.match(r.stdout, /\n\d+ problems? \(1 error, \d+ warnings?, \d+ info, \d+ hints?\) in 2 files\.\n$/);
  });

  it('reports a not-well-formed domain as an error', async () => {
    const r = await run(['-'], { input: "<domain type='kvm'>\n  <devices>\n</domain>\n" });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^<stdin>:\d+:\d+: error not-well-formed The document is not well-formed XML: /);
  });

  it('exits 2 on usage errors with a clear message', async () => {
    const cases: [string[], RegExp][] = [
      [['--bogus', 'x.xml'], /unknown option '--bogus'/],
      [['--format', 'xml', 'x.xml'], /unknown format 'xml' \(expected one of: text, json, sarif, github\)/],
      [['--rule', 'no-such-rule=off', 'x.xml'], /unknown rule id 'no-such-rule'/],
      [['--rule', 'shared-disk-cache-enabled=loud', 'x.xml'], /bad level 'loud' .*off, hint, info, warning, error/],
      [['--rule', 'shared-disk-cache-enabled', 'x.xml'], /--rule expects ID=LEVEL/],
      [['--profile', 'vmware', 'x.xml'], /unknown profile 'vmware' \(known profiles: infoscale, migration, flush-unaware-guest\)/],
      [[], /no PATH given/],
      [['-', '-'], /standard input \(-\) can be read only once/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}`);
      assert.match(r.stderr, message);
      assert.match(r.stderr, /--help/);
      assert.equal(r.stdout, '');
    }
  });

  it('reports a missing file on stderr, still lints the others, and exits 2', async () => {
    const bad = write('missing/bad.xml', IO_NATIVE_ERROR);
    const missing = path.join(scratch.dir, 'missing', 'nope.xml');
    const r = await run(['--format', 'json', missing, bad]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read '.*nope\.xml': no such file or directory/);
    const report = parseJson(r);
    assert.deepEqual(report.files.map((f) => f.path), [bad]);
    assert.ok(report.files[0].diagnostics.some((d) => d.ruleId === 'io-native-requires-direct-cache'));
  });

  it('--help and --version', async () => {
    const help = await run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: libvirt-xml-lint /);
    for (const rule of allRules) assert.ok(help.stdout.includes(rule.id), `--help does not list ${rule.id}`);
    const version = await run(['--version']);
    assert.equal(version.code, 0);
    assert.equal(version.stdout.trim(), JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version);
  });
});

describe('cli inputs', () => {
  it('recurses into directories: *.xml only, sorted, skipping node_modules and dot-directories', async () => {
    write('tree/b.xml', CLEAN);
    write('tree/a/z.xml', IO_NATIVE_ERROR);
    write('tree/a/notes.txt', IO_NATIVE_ERROR);
    write('tree/a/net.xml', NOT_A_DOMAIN);
    write('tree/node_modules/pkg/x.xml', IO_NATIVE_ERROR);
    write('tree/.git/y.xml', IO_NATIVE_ERROR);
    write('tree/c/UPPER.XML', CLEAN);
    const r = await run(['--format', 'json', 'tree'], { cwd: scratch.dir });
    assert.equal(r.code, 1, r.stderr);
    const report = parseJson(r);
    assert.deepEqual(report.files.map((f) => f.path), [path.join('tree', 'a', 'z.xml'), path.join('tree', 'b.xml'), path.join('tree', 'c', 'UPPER.XML')]);
    assert.deepEqual(report.skipped, [{ path: path.join('tree', 'a', 'net.xml'), reason: 'not a libvirt document' }]);
  });

  it('reads standard input for -', async () => {
    const r = await run(['--format', 'json', '-'], { input: IO_NATIVE_ERROR });
    assert.equal(r.code, 1);
    const report = parseJson(r);
    assert.equal(report.files[0].path, '<stdin>');
    assert.deepEqual(report.files[0].diagnostics.find((d) => d.ruleId === 'io-native-requires-direct-cache')?.range, { start: { line: 3, character: 60 }, end: { line: 3, character: 71 } });
  });

  it('--rule id=off drops a rule, id=error raises it', async () => {
    const file = write('rules/shared.xml', SHARED_WRITEBACK);
    const off = parseJson(await run(['--format', 'json', '--rule', 'shared-disk-cache-enabled=off', file]));
    assert.equal(off.files[0].diagnostics.filter((d) => d.ruleId === 'shared-disk-cache-enabled').length, 0);
    const raised = await run(['--format', 'json', '--rule=shared-disk-cache-enabled=error', file]);
    assert.equal(raised.code, 1);
    assert.deepEqual(
      parseJson(raised).files[0].diagnostics.filter((d) => d.ruleId === 'shared-disk-cache-enabled').map((d) => d.severity),
      ['error', 'error'],
    );
  });
  const PLAIN_LUN = `<domain type='kvm'>
  <devices>
    <disk type='block' device='disk'>
      <driver name='qemu' type='raw' cache='none'/>
      <source dev='/dev/mapper/mpatha'/>
      <target dev='vdb' bus='virtio'/>
    </disk>
  </devices>
</domain>
`;
  // The choices VS Code offers in libvirt.profiles (generated from the profile registry; the
  // manifest test keeps them equal): each must be accepted by --profile and change something.
  const offered: string[] = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).contributes.configuration.properties['libvirt.profiles'].items.enum;
  for (const profile of offered) {
    it(`--profile ${profile} is accepted, as the libvirt.profiles setting offers it`, async () => {
      // A file-backed writeback disk next to a plain array LUN on virtio-blk: each profile has something to say.
      const probe = PLAIN_LUN.replace('  <devices>\n', IO_NATIVE_ERROR.slice(IO_NATIVE_ERROR.indexOf('  <devices>\n'), IO_NATIVE_ERROR.indexOf('  </devices>')).replace(" io='native'", '').replace('writethrough', 'writeback'));
      const file = write(`profile/${profile}.xml`, probe);
      const without = parseJson(await run(['--format', 'json', file]));
      const r = await run(['--format', 'json', '--profile', profile, file]);
      assert.notEqual(r.code, 2, r.stderr);
      const withProfile = parseJson(r);
      assert.notDeepEqual(withProfile.files[0].diagnostics, without.files[0].diagnostics, `--profile ${profile} changed nothing on the probe domain`);
    });
  }

  const profiled = 'vxfs-on-virtio-blk';
  const profileTitle = `--profile infoscale applies ${profiled} to a disk that is neither shared nor on /dev/vx`;
  if (!registered.has(profiled)) it(profileTitle, { todo: `rule ${profiled} is not registered on this branch yet` });
  else it(profileTitle, async () => {
    const file = write('profile/plain.xml', PLAIN_LUN);
    const without = parseJson(await run(['--format', 'json', file]));
    assert.deepEqual(without.files[0].diagnostics.filter((d) => d.ruleId === profiled), []);
    const withProfile = parseJson(await run(['--format', 'json', '--profile', 'infoscale', file]));
    assert.deepEqual(withProfile.files[0].diagnostics.filter((d) => d.ruleId === profiled).map((d) => d.range.start), [{ line: 5, character: 24 }]);
  });
});

describe('cli --fix', () => {
  it('writes the safe fixes, keeps the text well-formed, is idempotent, and leaves clean files alone', async () => {
    const shared = write('fix/shared.xml', SHARED_WRITEBACK);
    const io = write('fix/io.xml', IO_NATIVE_ERROR);
    const clean = write('fix/clean.xml', CLEAN);
    const past = new Date('2001-02-03T04:05:06Z');
    fs.utimesSync(clean, past, past);

    const r = await run(['--fix', path.join(scratch.dir, 'fix')]);
    assert.equal(r.code, 0, r.stdout + r.stderr); // io-native fixed by cache='none': no error left
    assert.match(r.stdout, /Fixed 2 files\./);
    assert.equal(fs.readFileSync(shared, 'utf8'), SHARED_WRITEBACK_FIXED);
    assert.equal(fs.readFileSync(io, 'utf8'), IO_NATIVE_ERROR.replace("cache='writethrough'", "cache='none'"));
    for (const f of [shared, io]) assert.equal(parseXml(fs.readFileSync(f, 'utf8')).syntaxError, null, `${f} is not well-formed after --fix`);
    assert.equal(fs.statSync(clean).mtimeMs, past.getTime(), 'a file without fixes was written');

    const stamps = [shared, io].map((f) => {
      fs.utimesSync(f, past, past);
      return fs.readFileSync(f, 'utf8');
    });
    const again = await run(['--fix', path.join(scratch.dir, 'fix')]);
    assert.equal(again.code, 0);
    assert.doesNotMatch(again.stdout, /Fixed/);
    [shared, io].forEach((f, i) => {
      assert.equal(fs.readFileSync(f, 'utf8'), stamps[i]);
      assert.equal(fs.statSync(f).mtimeMs, past.getTime(), `${f} rewritten by a second --fix`);
    });
  });

  it('keeps CRLF line endings and the byte order mark', async () => {
    const crlf = '\uFEFF' + SHARED_WRITEBACK.replace(/\n/g, '\r\n');
    const file = write('crlf/shared.xml', crlf);
    const r = await run(['--fix', '--format', 'json', file]);
    assert.equal(r.code, 0, r.stderr);
    const bytes = fs.readFileSync(file);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    assert.equal(text, '\uFEFF' + SHARED_WRITEBACK_FIXED.replace(/\n/g, '\r\n'));
    assert.doesNotMatch(text, /[^\r]\n/);
    // positions after the fix are counted without the BOM, as editors do
    const report = parseJson(r);
    assert.deepEqual(report.files[0].diagnostics.filter((d) => d.ruleId === 'shared-disk-cache-enabled'), []);
  });

  it('with - prints the fixed text on stdout and the report on stderr', async () => {
    const r = await run(['--fix', '-'], { input: IO_NATIVE_ERROR });
    assert.equal(r.code, 0);
    assert.equal(r.stdout, IO_NATIVE_ERROR.replace("cache='writethrough'", "cache='none'"));
    assert.match(r.stderr, /Fixed 1 file\./);
  });

  it('leaves unsafe fixes alone: a shareable qcow2 still fails', async () => {
    const text = `<domain type='kvm'><devices><disk type='file'><driver name='qemu' type='qcow2' cache='none'/><source file='/s/q.qcow2'/><target dev='vdb' bus='virtio'/><shareable/></disk></devices></domain>\n`;
    const file = write('unsafe/q.xml', text);
    const r = await run(['--fix', file]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /error shareable-requires-raw /);
    assert.equal(fs.readFileSync(file, 'utf8'), text);
  });
});

describe('examples/', () => {
  it('flags every seed limitation and the other disk rules (migration advice with --profile migration)', async () => {
    const report = parseJson(await run(['--format', 'json', '--profile', 'migration', examplesDir]));
    assertJsonShape(report);
    const seen = ruleIds(report);
    for (const id of [...SEED_RULES, ...OTHER_DISK_RULES]) {
      if (registered.has(id)) assert.ok(seen.has(id), `no example triggers ${id}`);
    }
  });

  // Rules of the catalogue that are not registered yet are listed as todo, not silently passed.
  for (const id of [...SEED_RULES, ...OTHER_DISK_RULES].filter((x) => !registered.has(x))) {
    it(`flags ${id}`, { todo: `rule ${id} is not registered on this branch yet` });
  }

  it('the safe examples have no error or warning, web-server.xml has nothing at all', async () => {
    const r = await run(['--format', 'json', path.join(examplesDir, 'cluster-node-safe.xml'), path.join(examplesDir, 'web-server.xml')]);
    assert.equal(r.code, 0);
    const [safe, web] = parseJson(r).files;
    assert.deepEqual(safe.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning').map((d) => `${d.ruleId}: ${d.message}`), []);
    assert.deepEqual(web.diagnostics.map((d) => `${d.ruleId}: ${d.message}`), []);
  });

  it('--fix on a copy keeps every example well-formed and converges', async () => {
    const dir = path.join(scratch.dir, 'examples-copy');
    fs.cpSync(examplesDir, dir, { recursive: true });
    const before = parseJson(await run(['--format', 'json', dir]));
    const r = await run(['--fix', '--format', 'json', dir]);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    for (const f of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      assert.equal(parseXml(text).syntaxError, null, `${f} is not well-formed after --fix`);
    }
    const afterFix = parseJson(r);
    // every diagnostic that had a preferred fix is gone (or replaced by a weaker one)
    const count = (rep: JsonReport) => rep.files.reduce((n, f) => n + f.diagnostics.length, 0);
    assert.ok(count(afterFix) < count(before), 'the safe fixes removed nothing');
    for (const f of afterFix.files) for (const d of f.diagnostics) assert.ok(!d.fixes.some((x) => x.preferred), `${f.path}: ${d.ruleId} still has a preferred fix after --fix`);
    const mtimes = fs.readdirSync(dir).map((f) => fs.statSync(path.join(dir, f)).mtimeMs);
    const again = await run(['--fix', dir]);
    assert.doesNotMatch(again.stdout, /Fixed/);
    assert.deepEqual(fs.readdirSync(dir).map((f) => fs.statSync(path.join(dir, f)).mtimeMs), mtimes);
  });
});

describe('output', () => {
  const dir = scratchDir('libvirt-xml-cli-output-', { needsCli: true });
  it('a report larger than a pipe holds, read late, arrives whole (the process ends only once it is written)', async () => {
    const disks = Array.from({ length: 400 }, (_, i) => `    <disk type='file' device='disk'>\n      <driver name='qemu' type='raw' cache='unsafe'/>\n      <source file='/images/d${i}.img'/>\n      <target dev='vd${String.fromCharCode(97 + (i % 26))}${Math.floor(i / 26)}' bus='virtio'/>\n      <shareable/>\n    </disk>\n`);
    const file = path.join(dir.dir, 'many.xml');
    fs.writeFileSync(file, domainWithDisks(...disks));
    {
      const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), '--no-schema', '--format', 'json', file], { stdio: ['ignore', 'pipe', 'pipe'] });
      // nothing is read for a while: the child fills the pipe and must wait (or buffer) before it may end
      child.stdout.pause();
      const chunks: Buffer[] = [];
      child.stdout.on('data', (c: Buffer) => chunks.push(c));
      await new Promise((r) => setTimeout(r, 400));
      child.stdout.resume();
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      const out = Buffer.concat(chunks).toString('utf8');
      assert.ok(out.length > 256 * 1024, `a report of ${out.length} bytes is too small for this test`);
      assert.equal(code, 1);
      const report = JSON.parse(out) as JsonReport;
      assert.ok(report.files[0].diagnostics.length >= 800, String(report.files[0].diagnostics.length));
    }
  });
});
