// Entry of the extension-host tests (extensionTestsPath = dist/test/suite/index.js): runs the
// Mocha suites next to this bundle inside the extension host and writes the counts to
// $LIBVIRT_E2E_COUNTS for scripts/test-all.sh. Mocha comes from the repository's
// node_modules (a devDependency), not from the bundle.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.LIBVIRT_E2E_GREP;
  if (grep) mocha.grep(grep);
  for (const f of fs.readdirSync(__dirname).sort()) {
    if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats ?? { passes: 0, failures, pending: 0 };
      const counts = { passed: stats.passes, failed: stats.failures, skipped: stats.pending };
      console.log(`extension-host suites: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
      const out = process.env.LIBVIRT_E2E_COUNTS;
      if (out) fs.writeFileSync(out, JSON.stringify(counts));
      if (failures > 0 || counts.passed === 0) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
  });
}
