import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { isIgnored, parseProjectConfig, PROJECT_CONFIG_FILE, ProjectConfigError, ProjectConfigLoader } from '../../server/src/projectConfig';
import { allRules } from '../../server/src/service/registry';
import { runCli, type Run, type RunOptions } from '../support/run';
import { domainWithDisks, IO_NATIVE_DISK, scratchDir, SHARED_WRITEBACK_DISK } from '../support/scratch';
import { schemaDir } from '../support/schemas';

/** A file-backed disk with a cache mode that migration does not like: the migration profile makes it a warning. */
const LOCAL_WRITEBACK = domainWithDisks(IO_NATIVE_DISK.replace(" io='native'", '').replace("cache='writethrough'", "cache='writeback'"));

const RULE = 'shared-disk-cache-enabled';
const ruleIds = allRules.map((r) => r.id);

function run(args: string[], options: RunOptions = {}): Promise<Run> {
  return runCli(args, options);
}

interface JsonReport {
  files: { path: string; diagnostics: { ruleId: string; severity: string }[] }[];
  skipped: { path: string; reason: string }[];
}

const scratch = scratchDir('libvirt-xml-cli-config-', { needsCli: true });
const write = (name: string, text: string): string => scratch.write(name, text);
function config(dir: string, value: unknown): string {
  return write(path.join(dir, PROJECT_CONFIG_FILE), typeof value === 'string' ? value : JSON.stringify(value));
}
function severities(report: JsonReport, ruleId: string): string[] {
  return report.files.flatMap((f) => f.diagnostics.filter((d) => d.ruleId === ruleId).map((d) => d.severity));
}
async function json(args: string[], options?: RunOptions): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const r = await run(['--format', 'json', ...args], options);
  return { code: r.code, report: JSON.parse(r.stdout) as JsonReport, stderr: r.stderr };
}

describe('.libvirt-lint.json in the CLI', () => {
  it('rule levels apply to the files below it; the nearest config wins; --no-config ignores them', async () => {
    config('levels', { rules: { [RULE]: 'error' } });
    config('levels/inner', { rules: { [RULE]: 'off' } });
    const outer = write('levels/a/outer.xml', SHARED_WRITEBACK_DISK);
    const inner = write('levels/inner/deep/inner.xml', SHARED_WRITEBACK_DISK);
    const { code, report } = await json(['--no-schema', outer, inner]);
    assert.equal(code, 1);
    assert.deepEqual(severities({ ...report, files: [report.files[0]] }, RULE), ['error']);
    assert.deepEqual(severities({ ...report, files: [report.files[1]] }, RULE), []);
    const none = await json(['--no-schema', '--no-config', outer]);
    assert.deepEqual(severities(none.report, RULE), ['warning']);
  });

  it('command-line options override it: --rule over "rules", --profile replaces "profiles", --schema/--no-schema over "schema"', async () => {
    config('override', { rules: { [RULE]: 'error' }, profiles: ['migration'], schema: { enable: false } });
    const shared = write('override/shared.xml', SHARED_WRITEBACK_DISK);
    const local = write('override/local.xml', LOCAL_WRITEBACK);
    const cli = await json(['--rule', `${RULE}=hint`, shared]);
    assert.deepEqual(severities(cli.report, RULE), ['hint']);
    // the config's profile makes migration-unsafe-cache a warning; --profile infoscale replaces it
    const withConfig = await json([local]);
    assert.deepEqual(severities(withConfig.report, 'migration-unsafe-cache'), ['warning']);
    const replaced = await json(['--profile', 'infoscale', local]);
    assert.notDeepEqual(severities(replaced.report, 'migration-unsafe-cache'), ['warning']);
    // schema.enable false: no schema run (the partial domain would fail the schema); --schema turns it on
    assert.deepEqual(severities(withConfig.report, 'schema'), []);
    const schema = await json(['--schema', schemaDir('10.7.0'), local]);
    assert.ok(severities(schema.report, 'schema').length > 0, 'the partial domain should fail libvirt schema');
  });

  it('"schema.path" is relative to the config file; a wrong one is an error naming the config', async () => {
    const dir = path.join(scratch.dir, 'schemapath');
    fs.mkdirSync(dir, { recursive: true });
    fs.cpSync(schemaDir('10.7.0'), path.join(dir, 'rng'), { recursive: true });
    config('schemapath', { schema: { path: 'rng' } });
    const local = write('schemapath/vms/local.xml', LOCAL_WRITEBACK);
    const ok = await json([local]);
    assert.ok(severities(ok.report, 'schema').length > 0);
    config('schemapath', { schema: { path: 'missing' } });
    const bad = await run([local]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /"schema\.path" '.*missing' in .*\.libvirt-lint\.json: no domain\.rng there/);
  });

  it('"ignore" drops files when walking directories and expanding globs; a file named itself is reported as skipped', async () => {
    const cfg = config('ign', { ignore: ['generated', '**/*.draft.xml'] });
    write('ign/vm.xml', SHARED_WRITEBACK_DISK);
    write('ign/generated/g.xml', SHARED_WRITEBACK_DISK);
    write('ign/sub/x.draft.xml', SHARED_WRITEBACK_DISK);
    const walked = await json(['--no-schema', 'ign'], { cwd: scratch.dir });
    assert.deepEqual(walked.report.files.map((f) => f.path), [path.join('ign', 'vm.xml')]);
    assert.deepEqual(walked.report.skipped, []);
    const globbed = await json(['--no-schema', 'ign/**/*.xml'], { cwd: scratch.dir });
    assert.deepEqual(globbed.report.files.map((f) => f.path), [path.join('ign', 'vm.xml')]);
    const named = await run(['--no-schema', path.join('ign', 'generated', 'g.xml')], { cwd: scratch.dir });
    assert.equal(named.code, 0);
    assert.equal(named.stdout, `${path.join('ign', 'generated', 'g.xml')}: skipped (ignored by ${cfg})\nNo problems in 0 files. Skipped 1 file (ignored).\n`);
    const noIgnore = await json(['--no-schema', '--no-ignore', 'ign'], { cwd: scratch.dir });
    assert.equal(noIgnore.report.files.length, 3);
  });

  it('a broken config is an error naming the file (exit 2); files under other configs are still linted', async () => {
    const good = write('broken/ok/vm.xml', SHARED_WRITEBACK_DISK);
    const cases: [unknown, RegExp][] = [
      ['{"rules": {', /not valid JSON at line 1, column 12/],
      ['', /the file is empty/],
      ['[]', /must hold one JSON object/],
      [{ rule: {} }, /unknown key "rule" \(did you mean "rules"\?\)/],
      [{ rules: { [RULE]: 'loud' } }, /bad level "loud" for rule 'shared-disk-cache-enabled'; use one of off, hint, info, warning, error/],
      [{ rules: { 'shared-disk-cache-enable': 'off' } }, /unknown rule id 'shared-disk-cache-enable' in "rules" \(did you mean 'shared-disk-cache-enabled'\?\)/],
      [{ profiles: ['vmware'] }, /unknown profile 'vmware' in "profiles"; known profiles: infoscale, migration, flush-unaware-guest/],
      [{ schema: { enabled: true } }, /unknown key "schema\.enabled" \(did you mean "enable"\?\)/],
      [{ schema: { enable: 'yes' } }, /"schema\.enable" must be true or false/],
      [{ ignore: 'generated' }, /"ignore" must be a list of glob patterns/],
      [{ ignore: ['!keep.xml'] }, /negated patterns are not supported/],
      [{ ignore: ['../other/**'] }, /must be relative to the directory of the config file/],
    ];
    for (const [value, message] of cases) {
      const cfg = config('broken/bad', value);
      const file = write('broken/bad/vm.xml', SHARED_WRITEBACK_DISK);
      const r = await run(['--no-schema', '--format', 'json', file, good]);
      assert.equal(r.code, 2, `${JSON.stringify(value)}: exit ${r.code}`);
      assert.ok(r.stderr.includes(`config file ${cfg}: `), r.stderr);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      const report = JSON.parse(r.stdout) as JsonReport;
      assert.deepEqual(report.files.map((f) => f.path), [good]);
    }
  });

  it('standard input takes the config of the working directory', async () => {
    config('stdin', { rules: { [RULE]: 'error' } });
    fs.mkdirSync(path.join(scratch.dir, 'stdin', 'sub'), { recursive: true });
    const r = await run(['--no-schema', '--format', 'json', '-'], { input: SHARED_WRITEBACK_DISK, cwd: path.join(scratch.dir, 'stdin', 'sub') });
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(severities(JSON.parse(r.stdout) as JsonReport, RULE), ['error']);
  });

  it('--print-config FILE prints the settings that apply to it as JSON', async () => {
    const cfg = config('print', { rules: { [RULE]: 'error' }, profiles: ['infoscale'], schema: { path: 'rng' }, ignore: ['old/**'] });
    const r = await run(['--print-config', path.join(scratch.dir, 'print', 'vms', 'a.xml')]);
    assert.equal(r.code, 0, r.stderr);
    const printed = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(printed), ['file', 'configFile', 'ignored', 'rules', 'profiles', 'schema', 'domain']);
    assert.equal(printed.configFile, cfg);
    assert.equal(printed.ignored, false);
    assert.equal(printed.rules[RULE], 'error');
    for (const rule of allRules) assert.ok(rule.id in printed.rules, `${rule.id} missing`);
    assert.equal(printed.rules['cache-unsafe'], allRules.find((x) => x.id === 'cache-unsafe')?.defaultSeverity);
    assert.deepEqual(printed.profiles, ['infoscale']);
    assert.deepEqual(printed.schema, { enable: true, path: path.join(scratch.dir, 'print', 'rng') });
    const cli = JSON.parse((await run(['--print-config', path.join(scratch.dir, 'print', 'old', 'b.xml'), '--rule', `${RULE}=off`, '--no-schema'])).stdout);
    assert.equal(cli.ignored, true);
    assert.equal(cli.rules[RULE], 'off');
    assert.deepEqual(cli.schema, { enable: false, path: null });
    const none = JSON.parse((await run(['--print-config', 'x.xml', '--no-config'], { cwd: scratch.dir })).stdout);
    assert.equal(none.configFile, null);
  });
});

describe('projectConfig.ts', () => {
  it('parses every key; resolves schema.path against the file', () => {
    const file = path.join(scratch.dir, 'p', PROJECT_CONFIG_FILE);
    const c = parseProjectConfig('\uFEFF{"rules": {"cache-unsafe": "off"}, "profiles": ["migration", "migration"], "schema": {"enable": false, "path": "./s"}, "ignore": ["a/**"]}', file, { rules: ruleIds, profiles: ['migration'] });
    assert.deepEqual(c, { file, rules: { 'cache-unsafe': 'off' }, profiles: ['migration'], schema: { enable: false, path: path.join(scratch.dir, 'p', 's') }, ignore: ['a/**'] });
    assert.throws(() => parseProjectConfig('{"x": 1}', file, { rules: ruleIds }), (e: unknown) => e instanceof ProjectConfigError && e.file === file && e.message.startsWith(`${file}: unknown key "x"`));
  });

  it('ignore patterns match relative to the config directory, a directory match covers what is below', () => {
    const file = path.join(scratch.dir, 'i', PROJECT_CONFIG_FILE);
    const c = parseProjectConfig('{"ignore": ["gen", "**/*.scratch.dir.xml", "./one/two.xml"]}', file, { rules: ruleIds });
    const at = (p: string) => isIgnored(c, path.join(scratch.dir, 'i', p));
    assert.equal(at('gen/a.xml'), true);
    assert.equal(at('gen/deep/a.xml'), true);
    assert.equal(at('x/gen/a.xml'), false);
    assert.equal(at('x/y/z.scratch.dir.xml'), true);
    assert.equal(at('one/two.xml'), true);
    assert.equal(at('one/three.xml'), false);
    assert.equal(isIgnored(c, path.join(scratch.dir, 'elsewhere', 'gen', 'a.xml')), false);
  });

  it('the loader finds the nearest file upwards and, when revalidating, sees edits and removals', () => {
    const dir = path.join(scratch.dir, 'loader');
    const cfg = config('loader', { rules: { 'cache-unsafe': 'off' } });
    fs.mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
    const loader = new ProjectConfigLoader({ rules: ruleIds }, { revalidate: true });
    assert.deepEqual(loader.forFile(path.join(dir, 'a', 'b', 'x.xml'))?.config?.rules, { 'cache-unsafe': 'off' });
    fs.writeFileSync(cfg, JSON.stringify({ rules: { 'cache-unsafe': 'error' }, profiles: [] }));
    fs.utimesSync(cfg, new Date(), new Date(Date.now() + 5000));
    assert.deepEqual(loader.forFile(path.join(dir, 'a', 'x.xml'))?.config?.rules, { 'cache-unsafe': 'error' });
    fs.writeFileSync(cfg, '{');
    fs.utimesSync(cfg, new Date(), new Date(Date.now() + 10000));
    assert.match(loader.forFile(path.join(dir, 'x.xml'))?.error?.message ?? '', /not valid JSON/);
    fs.rmSync(cfg);
    assert.equal(loader.forFile(path.join(dir, 'x.xml'))?.file === cfg, false);
  });
});
