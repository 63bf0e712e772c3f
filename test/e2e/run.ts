// Runs the extension-host suites (test/e2e/suite, bundled to dist/test/suite) through
// @vscode/test-electron's runTests(). The "VS Code" is, in this order:
//   LIBVIRT_E2E_VSCODE=<path of a desktop VS Code executable>  that executable, unchanged;
//   LIBVIRT_E2E_VSCODE_VERSION=<stable|1.100.3|…>             runTests() downloads it;
//   otherwise                                                 code-server via code-server-shim.
// Usage: node out/test/e2e/run.js   (after npm run build, compile-tests and e2e-setup.sh)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { reportCounts } from './lib/counts';
import { fixturesDir, freshRunDir, isolatedEnv, repoRoot, shimBin, userDataDirFor } from './lib/paths';

interface SuiteCounts {
  passed: number;
  failed: number;
  skipped: number;
}

async function main(): Promise<number> {
  const testsPath = path.join(repoRoot, 'dist', 'test', 'suite', 'index.js');
  if (!fs.existsSync(testsPath)) throw new Error(`${testsPath} is missing: run npm run build first`);
  const runDir = freshRunDir('suites');
  const workspace = path.join(runDir, 'workspace');
  fs.cpSync(path.join(fixturesDir, 'workspace'), workspace, { recursive: true });
  const countsFile = path.join(runDir, 'counts.json');

  const desktop = process.env.LIBVIRT_E2E_VSCODE;
  const version = process.env.LIBVIRT_E2E_VSCODE_VERSION;
  const executable = desktop ? path.resolve(desktop) : version ? undefined : shimBin;
  console.log(`e2e: extension-host suites in ${desktop ?? (version ? `VS Code ${version} (download)` : 'code-server 4.100.3 (VS Code 1.100.3)')}`);

  // HOME and the XDG dirs point into the run dir for whatever VS Code runs the tests.
  const isolated = isolatedEnv(path.join(runDir, 'home'), {});
  let error: unknown;
  try {
    await runTests({
      ...(executable ? { vscodeExecutablePath: executable } : { version }),
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: testsPath,
      launchArgs: [workspace, '--user-data-dir', userDataDirFor(runDir), '--extensions-dir', path.join(runDir, 'exts')],
      extensionTestsEnv: {
        ...isolated,
        LIBVIRT_E2E_COUNTS: countsFile,
        LIBVIRT_E2E_RUN_DIR: runDir,
        LIBVIRT_E2E_FIXTURES: fixturesDir,
      },
    });
  } catch (e) {
    error = e;
  }
  let counts: SuiteCounts = { passed: 0, failed: 0, skipped: 0 };
  if (fs.existsSync(countsFile)) counts = JSON.parse(fs.readFileSync(countsFile, 'utf8')) as SuiteCounts;
  // A run that died before Mocha reported (VS Code did not start, the tests did not load)
  // counts as one failure, never as nothing.
  if (error && counts.failed === 0) counts.failed = 1;
  if (error) console.error(`e2e: ${error instanceof Error ? error.message : String(error)}`);
  reportCounts('e2e vscode', counts.passed, counts.failed, counts.skipped);
  return counts.failed === 0 && counts.passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    reportCounts('e2e vscode', 0, 1);
    process.exit(1);
  },
);
