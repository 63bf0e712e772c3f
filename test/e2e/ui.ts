// UI-level check in the same code-server, as a user sees it: the .vsix (built from dist/)
// is installed into a fresh code-server, and headless Chromium opens a domain with an unsafe
// shared disk. Four checks, each with a screenshot in test-output/e2e/: the squiggle, the
// Problems panel row, the hover widget and the Quick Fix menu entry.
// Selectors are VS Code 1.100's; behaviour itself is asserted in the extension-host suites.
// Usage: node out/test/e2e/ui.js   (after npm run build, compile-tests and e2e-setup.sh)
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchBrowser, type BrowserContext, type Page } from './lib/browser';
import { installExtension, startCodeServer, tail, type CodeServer } from './lib/codeServer';
import { reportCounts } from './lib/counts';
import { fixturesDir, freshRunDir, isolatedEnv, outputDir, repoRoot, userDataDirFor } from './lib/paths';
import { workbenchUrl } from './lib/workbench';

const FIXTURE = 'cluster-node.xml';
/** The finding under test: the shared disk's cache='writeback' (line 9). */
const MESSAGE = "<driver cache='writeback'> on a shareable <disk>";
const FIX_TITLE = "Set <driver cache='none'>";
const WAIT = 30_000;

function packageVsix(runDir: string): string {
  const vsix = path.join(runDir, 'libvirt-xml.vsix');
  execFileSync(
    path.join(repoRoot, 'node_modules', '.bin', 'vsce'),
    ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix],
    { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return vsix;
}

/** The main editor's lines (not a side bar's own Monaco editor). */
function mainEditor(page: Page) {
  return page.locator('.editor-group-container .monaco-editor').first();
}

async function main(): Promise<number> {
  const runDir = freshRunDir('ui');
  const workspace = path.join(runDir, 'workspace');
  fs.cpSync(path.join(fixturesDir, 'workspace'), workspace, { recursive: true });
  fs.mkdirSync(outputDir, { recursive: true });
  const env = isolatedEnv(path.join(runDir, 'home'));
  const dirs = { runDir, userDataDir: userDataDirFor(runDir), extensionsDir: path.join(runDir, 'exts'), env };

  const vsix = packageVsix(runDir);
  await installExtension(dirs, vsix);

  let passed = 0;
  let failed = 0;
  let server: CodeServer | undefined;
  let browser: BrowserContext | undefined;
  try {
    server = await startCodeServer(dirs, workspace);
    browser = await launchBrowser(path.join(runDir, 'chromium-profile'), env);
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(workbenchUrl({ origin: server.origin, authority: server.authority, folder: workspace }), {
      timeout: 60_000,
      waitUntil: 'domcontentloaded',
    });

    const check = async (name: string, shot: string, body: () => Promise<void>) => {
      try {
        await body();
        passed++;
        console.log(`  ok   ${name}`);
      } catch (e) {
        failed++;
        console.log(`  FAIL ${name}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
      } finally {
        // Widgets fade in; let the picture settle (the check itself has already waited).
        await page.waitForTimeout(300);
        await page.screenshot({ path: path.join(outputDir, shot) }).catch(() => undefined);
      }
    };
    const squiggle = () => mainEditor(page).locator('.squiggly-warning').first();
    // The flagged value on line 9: the innermost token whose whole text is the value (other
    // rules put squiggles on other parts of the same disk).
    const flagged = () =>
      mainEditor(page)
        .locator('.view-line span')
        .filter({ hasText: /^'?writeback'?$/ })
        .last();

    await check('a warning squiggle under the unsafe cache mode', '1-squiggle.png', async () => {
      await page.locator('.explorer-folders-view .monaco-list-row').filter({ hasText: FIXTURE }).first().click({ timeout: WAIT });
      await squiggle().waitFor({ state: 'visible', timeout: WAIT });
    });

    await check('a row in the Problems panel', '2-problems.png', async () => {
      await mainEditor(page).locator('.view-line').first().click({ timeout: WAIT });
      await page.keyboard.press('Control+Shift+M');
      await page.locator('.markers-panel .monaco-list-row').filter({ hasText: MESSAGE }).first().waitFor({ state: 'visible', timeout: WAIT });
    });

    await check('the hover widget on the squiggle', '3-hover.png', async () => {
      await page.keyboard.press('Escape');
      const box = await flagged().boundingBox();
      if (!box) throw new Error("cache='writeback' is not on screen");
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
      await page.locator('.monaco-hover').filter({ hasText: MESSAGE }).first().waitFor({ state: 'visible', timeout: WAIT });
    });

    await check('the Quick Fix menu offers the preferred fix', '4-quickfix.png', async () => {
      await page.keyboard.press('Escape');
      const box = await flagged().boundingBox();
      if (!box) throw new Error("cache='writeback' is not on screen");
      // Put the cursor inside the flagged value, then ask for quick fixes there.
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.keyboard.press('Control+.');
      await page.locator('.action-widget').filter({ hasText: FIX_TITLE }).first().waitFor({ state: 'visible', timeout: WAIT });
    });
  } catch (e) {
    failed++;
    console.log(`  FAIL the workbench did not come up: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    if (failed && server) console.log(`code-server log tail:\n${tail(server.logFile, 25)}`);
    await browser?.close().catch(() => undefined);
    await server?.stop();
  }
  console.log(`  screenshots: ${path.relative(repoRoot, outputDir)}/`);
  reportCounts('e2e ui', passed, failed);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    reportCounts('e2e ui', 0, 1);
    process.exit(1);
  },
);
