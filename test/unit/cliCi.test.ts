import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { annotationPath, escapeData, escapeProperty } from '../../cli/src/github';
import { codeFrame } from '../../cli/src/codeFrame';
import { useColor } from '../../cli/src/style';
import { allRules } from '../../server/src/service/registry';
import { builtinRules } from '../../server/src/service/builtinRules';
import { cliPath, runCli, type Run, type RunOptions } from '../support/run';
import { domainWithDisks, IO_NATIVE_DISK, NOT_A_DOMAIN, scratchDir, sharedDisk } from '../support/scratch';

/** Two shareable disks with host caching (warnings) and one with io='native' without a direct cache (error). */
const WARNINGS_AND_ERROR = domainWithDisks(sharedDisk('writeback'), sharedDisk('writethrough', 'mpathb', 'vdc'), IO_NATIVE_DISK);

/** Only warnings (and advisories): exit 0 without --max-warnings. */
const WARNINGS_ONLY = WARNINGS_AND_ERROR.replace(" io='native'", '');

/** The environment without the colour variables of whoever runs the tests. */
function plainEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  if (!('NO_COLOR' in extra)) delete env.NO_COLOR;
  if (!('FORCE_COLOR' in extra)) delete env.FORCE_COLOR;
  return env;
}

function run(args: string[], options: RunOptions = {}): Promise<Run> {
  return runCli(['--no-schema', '--no-config', ...args], { env: plainEnv(), ...options });
}

interface JsonReport {
  files: { path: string; diagnostics: { ruleId: string; severity: string; range: { start: { line: number; character: number }; end: { line: number; character: number } }; message: string }[] }[];
  skipped: { path: string; reason: string }[];
}

const scratch = scratchDir('libvirt-xml-cli-ci-', { needsCli: true });
const write = (name: string, text: string): string => scratch.write(name, text);

async function json(args: string[], options: RunOptions = {}): Promise<JsonReport> {
  const r = await run(['--format', 'json', ...args], options);
  return JSON.parse(r.stdout) as JsonReport;
}

function count(report: JsonReport, severity: string): number {
  return report.files.reduce((n, f) => n + f.diagnostics.filter((d) => d.severity === severity).length, 0);
}

describe('cli --max-warnings and --quiet', () => {
  it('exits 1 with a message on stderr when more warnings remain than allowed, 0 at the limit', async () => {
    const file = write('max/warn.xml', WARNINGS_ONLY);
    const warnings = count(await json([file]), 'warning');
    assert.ok(warnings >= 2, `the fixture should give at least two warnings, got ${warnings}`);
    const over = await run(['--max-warnings', String(warnings - 1), file]);
    assert.equal(over.code, 1);
    assert.match(over.stderr, new RegExp(`${warnings} warnings found; --max-warnings allows at most ${warnings - 1}`));
    const at = await run([`--max-warnings=${warnings}`, file]);
    assert.equal(at.code, 0, at.stderr);
    assert.equal(at.stderr, '');
    for (const unlimited of [['--max-warnings', '-1'], []]) {
      const r = await run([...unlimited, file]);
      assert.equal(r.code, 0, `${unlimited.join(' ')}: ${r.stderr}`);
    }
  });

  it('--max-warnings 0 fails a run whose only findings are warnings (the shared-disk case)', async () => {
    const file = write('max/zero.xml', WARNINGS_ONLY);
    const r = await run(['--max-warnings', '0', '--format', 'json', file]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /--max-warnings allows at most 0/);
    assert.ok(count(JSON.parse(r.stdout) as JsonReport, 'warning') > 0);
  });

  it('--quiet reports errors only, in every format, and its warnings do not count for --max-warnings', async () => {
    const file = write('quiet/mixed.xml', WARNINGS_AND_ERROR);
    const all = await json([file]);
    assert.ok(count(all, 'warning') > 0 && count(all, 'error') > 0);
    const quiet = await json(['--quiet', file]);
    assert.deepEqual(
      quiet.files[0].diagnostics.map((d) => d.ruleId),
      all.files[0].diagnostics.filter((d) => d.severity === 'error').map((d) => d.ruleId),
    );
    const text = await run(['--quiet', file]);
    assert.equal(text.code, 1);
    assert.doesNotMatch(text.stdout, /: (warning|info|hint) /);
    assert.match(text.stdout, /: error io-native-requires-direct-cache /);

    const onlyWarnings = write('quiet/warn.xml', WARNINGS_ONLY);
    const r = await run(['--quiet', '--max-warnings', '0', onlyWarnings]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'No problems in 1 file.\n');
  });

  it('rejects a --max-warnings that is not a number', async () => {
    for (const bad of ['many', '-2', '1.5', '']) {
      const r = await run([`--max-warnings=${bad}`, 'x.xml']);
      assert.equal(r.code, 2, bad);
      assert.match(r.stderr, /--max-warnings expects a whole number/);
    }
  });
});

describe('cli --format github', () => {
  it('prints one workflow command per finding with 1-based positions, the rule as title, and notices for info', async () => {
    const file = write('gh/mixed.xml', WARNINGS_AND_ERROR);
    const report = await json([file]);
    const r = await run(['--format', 'github', 'gh/mixed.xml'], { cwd: scratch.dir });
    assert.equal(r.code, 1);
    const commands = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    const diagnostics = report.files[0].diagnostics;
    assert.equal(commands.length, diagnostics.length);
    const level = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' } as Record<string, string>;
    diagnostics.forEach((d, i) => {
      const { start, end } = d.range;
      // columns only on one-line ranges; endColumn is the last column of the range (inclusive)
      const columns = start.line === end.line ? `,col=${start.character + 1},endLine=${end.line + 1},endColumn=${end.character}` : `,endLine=${end.line + 1}`;
      const where = `line=${start.line + 1}${columns}`;
      assert.equal(commands[i], `::${level[d.severity]} file=gh/mixed.xml,${where},title=${d.ruleId}::${escapeData(d.message)}`);
    });
    // the last line is the summary, as plain log output
    assert.match(r.stdout.trimEnd().split('\n').pop() ?? '', /^\d+ problems \(1 error, /);
  });

  it('escapes the file property and makes paths relative to GITHUB_WORKSPACE', async () => {
    const file = write('gh/odd, name: 100%.xml', WARNINGS_AND_ERROR);
    const r = await run(['--format', 'github', '--quiet', file], { env: plainEnv({ GITHUB_WORKSPACE: scratch.dir }) });
    assert.equal(r.code, 1);
    const [command] = r.stdout.split('\n').filter((l) => l.startsWith('::error'));
    assert.match(command, /^::error file=gh\/odd%2C name%3A 100%25\.xml,line=\d+,/);
  });

  it('escapes data and properties as GitHub documents', () => {
    assert.equal(escapeData('50% done\r\nnext: a,b'), '50%25 done%0D%0Anext: a,b');
    assert.equal(escapeProperty('a,b:c%\n'), 'a%2Cb%3Ac%25%0A');
    assert.equal(annotationPath(path.join(scratch.dir, 'x', 'y.xml'), scratch.dir), 'x/y.xml');
    assert.equal(annotationPath('/elsewhere/y.xml', scratch.dir), '/elsewhere/y.xml');
  });
});

describe('cli skipped files', () => {
  it('text output lists non-domain files as skipped and counts them apart', async () => {
    const clean = write('skip/clean.xml', WARNINGS_ONLY.replace(/cache='write(back|through)'/g, "cache='none'"));
    const network = write('skip/net.xml', NOT_A_DOMAIN);
    const r = await run([clean, network]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.ok(lines.includes(`${network}: skipped (not a libvirt document)`), r.stdout);
    assert.match(lines[lines.length - 1], /in 1 file\. Skipped 1 file \(not a libvirt document\)\.$/);
    assert.ok(!lines.some((l) => l.startsWith(`${network}:`) && !l.includes('skipped')), r.stdout);
  });

  it('SARIF reports them as notifications of the run, not as results', async () => {
    const network = write('skip/sarif/net.xml', NOT_A_DOMAIN);
    const domain = write('skip/sarif/d.xml', WARNINGS_ONLY);
    const r = await run(['--format', 'sarif', network, domain]);
    assert.equal(r.code, 0, r.stderr);
    const run0 = JSON.parse(r.stdout).runs[0];
    const notes = run0.invocations[0].toolExecutionNotifications;
    assert.equal(run0.invocations[0].executionSuccessful, true);
    assert.deepEqual(
      notes.map((n: { descriptor: { id: string }; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => [n.descriptor.id, n.level, n.message.text, n.locations[0].physicalLocation.artifactLocation.uri.endsWith('/net.xml')]),
      [['skipped', 'note', 'skipped (not a libvirt document)', true]],
    );
    assert.ok(run0.results.length > 0);
    assert.ok(run0.results.every((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0].physicalLocation.artifactLocation.uri.endsWith('/d.xml')));
  });

  it('--fix - passes a non-domain document through unchanged', async () => {
    const r = await run(['--fix', '-'], { input: NOT_A_DOMAIN });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, NOT_A_DOMAIN);
    assert.match(r.stderr, /<stdin>: skipped \(not a libvirt document\)/);
  });
});

describe('cli --list-rules', () => {
  it('lists every rule with its default level and title; as JSON with --format json', async () => {
    const every = [...allRules, ...builtinRules];
    const text = await run(['--list-rules']);
    assert.equal(text.code, 0);
    const lines = text.stdout.trimEnd().split('\n');
    assert.equal(lines.length, every.length);
    for (const rule of every) {
      assert.ok(lines.some((l) => new RegExp(`^\\s*${rule.id}\\s+${rule.defaultSeverity}\\s+`).test(l) && l.endsWith(rule.title)), `no line for ${rule.id}`);
    }
    const r = await run(['--list-rules', '--format', 'json']);
    const listed = JSON.parse(r.stdout) as { rules: { id: string; defaultSeverity: string; title: string; docsUrl: string }[] };
    assert.deepEqual(
      listed.rules.map((x) => [x.id, x.defaultSeverity, x.title]),
      every.map((x) => [x.id, x.defaultSeverity, x.title]),
    );
    for (const x of listed.rules) assert.ok(x.docsUrl.endsWith(`#${x.id}`), x.docsUrl);
  });
});

describe('cli --help', () => {
  it('documents the CI options, the formats and the config file', async () => {
    const r = await run(['--help']);
    assert.equal(r.code, 0);
    for (const option of ['--max-warnings N', '--quiet', '--color, --no-color', '--code-frame, --no-code-frame', '--list-rules', '--print-config FILE', '--no-config', '--no-ignore']) {
      assert.match(r.stdout, new RegExp(`\\n  ${option}[ \\n]`), `--help lacks ${option}`);
    }
    assert.match(r.stdout, /text \(default\), json, sarif \(code scanning\) or github/);
    assert.match(r.stdout, /\.libvirt-lint\.json/);
    assert.match(r.stdout, /more\s+warnings remain than --max-warnings allows/);
  });
});

describe('cli globs as paths', () => {
  it('expands a quoted glob, sorted, without node_modules or dot-directories', async () => {
    write('glob/vms/a.xml', WARNINGS_ONLY);
    write('glob/vms/deep/b.xml', WARNINGS_ONLY);
    write('glob/vms/notes.txt', WARNINGS_ONLY);
    write('glob/vms/node_modules/c.xml', WARNINGS_ONLY);
    write('glob/vms/.hidden/d.xml', WARNINGS_ONLY);
    const report = await json(['glob/vms/**/*.xml'], { cwd: scratch.dir });
    assert.deepEqual(report.files.map((f) => f.path), [path.join('glob', 'vms', 'a.xml'), path.join('glob', 'vms', 'deep', 'b.xml')]);
    const absolute = await json([path.join(scratch.dir, 'glob', 'vms', '*.xml')]);
    assert.deepEqual(absolute.files.map((f) => f.path), [path.join(scratch.dir, 'glob', 'vms', 'a.xml')]);
  });

  it('a glob that matches nothing is an error (exit 2); a file whose name has glob characters is taken as it is', async () => {
    const r = await run(['glob/none/*.xml'], { cwd: scratch.dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no files match the pattern 'glob\/none\/\*\.xml'/);
    const literal = write('glob/[x].xml', WARNINGS_ONLY);
    const l = await json([literal]);
    assert.deepEqual(l.files.map((f) => f.path), [literal]);
  });
});

describe('cli colour and code frames', () => {
  it('decides colour from the flag, FORCE_COLOR, NO_COLOR and the terminal, in that order', () => {
    assert.equal(useColor(undefined, {}, true), true);
    assert.equal(useColor(undefined, {}, false), false);
    assert.equal(useColor(undefined, { TERM: 'dumb' }, true), false);
    assert.equal(useColor(undefined, { NO_COLOR: '1' }, true), false);
    assert.equal(useColor(undefined, { NO_COLOR: '' }, true), true);
    assert.equal(useColor(undefined, { FORCE_COLOR: '1' }, false), true);
    assert.equal(useColor(undefined, { FORCE_COLOR: '0' }, true), false);
    assert.equal(useColor(undefined, { FORCE_COLOR: '1', NO_COLOR: '1' }, false), true);
    assert.equal(useColor(false, { FORCE_COLOR: '1' }, true), false);
    assert.equal(useColor(true, { NO_COLOR: '1' }, false), true);
  });

  it('pipes get the plain one-line format; --code-frame adds the source lines with a marker under the range', async () => {
    const file = write('frame/d.xml', WARNINGS_ONLY);
    const plain = await run([file]);
    assert.doesNotMatch(plain.stdout, /\u001b\[/);
    assert.doesNotMatch(plain.stdout, / \| /);
    const report = await json([file]);
    const framed = await run(['--code-frame', file]);
    const lines = framed.stdout.split('\n');
    const source = WARNINGS_ONLY.split('\n');
    for (const d of report.files[0].diagnostics) {
      const head = lines.findIndex((l) => l.startsWith(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.ruleId} `));
      assert.ok(head >= 0, `no line for ${d.ruleId}`);
      const n = d.range.start.line + 1;
      assert.equal(d.range.start.line, d.range.end.line, 'these findings are on one line');
      assert.equal(lines[head + 1], `  ${n} | ${source[d.range.start.line]}`);
      const width = Math.max(1, d.range.end.character - d.range.start.character);
      assert.equal(lines[head + 2], `  ${' '.repeat(String(n).length)} | ${' '.repeat(d.range.start.character)}${'^'.repeat(width)}`);
    }
    // the finding lines are unchanged: the frame lines never look like file:line:col:
    assert.deepEqual(
      lines.filter((l) => l.startsWith(file)),
      plain.stdout.split('\n').filter((l) => l.startsWith(file)),
    );
  });

  it('FORCE_COLOR or --color colour the text output; NO_COLOR and --no-color do not', async () => {
    const file = write('colour/d.xml', WARNINGS_ONLY);
    const forced = await run([file], { env: plainEnv({ FORCE_COLOR: '1' }) });
    assert.match(forced.stdout, /\u001b\[33mwarning\u001b\[0m/);
    const flag = await run(['--color', file]);
    assert.match(flag.stdout, /\u001b\[33mwarning\u001b\[0m/);
    const off = await run(['--no-color', file], { env: plainEnv({ FORCE_COLOR: '1' }) });
    assert.doesNotMatch(off.stdout, /\u001b\[/);
    const both = await run(['--color', '--no-color', file]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--color and --no-color exclude each other/);
    // JSON is never coloured
    const json = await run(['--format', 'json', '--color', file]);
    assert.doesNotMatch(json.stdout, /\u001b\[/);
  });

  it('on a terminal: colour and code frames by default, none with NO_COLOR and --no-code-frame', async (t) => {
    const script = ['/usr/bin/script', '/bin/script'].find((s) => fs.existsSync(s));
    if (!script) return t.skip('util-linux script(1) is not installed: no pseudo-terminal to run the CLI in');
    const file = write('tty/d.xml', WARNINGS_ONLY);
    const inTerminal = (args: string[], env: NodeJS.ProcessEnv): Promise<string> =>
      new Promise((resolve, reject) => {
        const command = [process.execPath, cliPath, '--no-schema', '--no-config', ...args, file].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
        execFile(script, ['-qec', command, '/dev/null'], { env }, (error, stdout) => (error && typeof error.code !== 'number' ? reject(error) : resolve(stdout)));
      });
    const tty = await inTerminal([], plainEnv({ TERM: 'xterm' }));
    assert.match(tty, /\u001b\[33mwarning\u001b\[0m/);
    assert.match(tty, /\^{5,}/);
    const quiet = await inTerminal(['--no-code-frame'], plainEnv({ TERM: 'xterm', NO_COLOR: '1' }));
    assert.doesNotMatch(quiet, /\u001b\[/);
    assert.doesNotMatch(quiet, /\^/);
    assert.match(quiet, /warning shared-disk-cache-enabled/);
  });

  it('code frames: multi-line ranges, empty ranges, tabs, long lines and control characters', () => {
    const range = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
    assert.deepEqual(codeFrame('ab\n\tcd', range(1, 1, 1, 1)), ['  2 | \tcd', '    | \t^']);
    assert.deepEqual(codeFrame('<a>\n  <b/>\n</a>\n', range(0, 0, 2, 4)), ['  1 | <a>', '    | ^^^', '  2 |   <b/>', '    |   ^^^^', '  3 | </a>', '    | ^^^^']);
    // a range ending at the start of a line does not show that line
    assert.deepEqual(codeFrame('<a>\n<b/>', range(0, 0, 1, 0)), ['  1 | <a>', '    | ^^^']);
    const many = Array.from({ length: 6 }, (_, i) => `line${i}`).join('\n');
    assert.deepEqual(codeFrame(many, range(0, 0, 5, 5)).slice(-1), ['    | … 3 more lines']);
    const long = `${'x'.repeat(300)}<bad/>${'y'.repeat(300)}`;
    const [shown, marker] = codeFrame(long, range(0, 300, 0, 306));
    assert.ok(shown.length < 200, `a long line is cut: ${shown.length}`);
    assert.ok(shown.includes('…<') === false && shown.includes('<bad/>') && shown.startsWith('  1 | …'));
    assert.equal(marker.indexOf('^') - marker.indexOf('|'), shown.indexOf('<bad/>') - shown.indexOf('|'));
    assert.deepEqual(codeFrame('a\u001b[31mb', range(0, 0, 0, 1)), ['  1 | a\uFFFD[31mb', '    | ^']);
  });
});
