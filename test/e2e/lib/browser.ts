// Debian's Chromium driven by playwright-core from the harness project. playwright-core is
// loaded at run time from test/e2e/harness/node_modules (the extension's own package does
// not depend on it), so only the few calls used here are typed.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { chromiumBin, harnessDir } from './paths';

export interface Locator {
  first(): Locator;
  last(): Locator;
  locator(selector: string): Locator;
  nth(index: number): Locator;
  filter(options: { hasText?: string | RegExp }): Locator;
  click(options?: { timeout?: number }): Promise<void>;
  hover(options?: { timeout?: number }): Promise<void>;
  waitFor(options?: { state?: 'attached' | 'visible'; timeout?: number }): Promise<void>;
  innerText(options?: { timeout?: number }): Promise<string>;
  screenshot(options: { path: string }): Promise<unknown>;
  count(): Promise<number>;
  boundingBox(): Promise<{ x: number; y: number; width: number; height: number } | null>;
}

export interface Page {
  goto(url: string, options?: { timeout?: number; waitUntil?: 'load' | 'domcontentloaded' }): Promise<unknown>;
  exposeFunction(name: string, fn: (...args: never[]) => unknown): Promise<void>;
  locator(selector: string): Locator;
  keyboard: { press(key: string): Promise<void> };
  mouse: { move(x: number, y: number, options?: { steps?: number }): Promise<void>; click(x: number, y: number): Promise<void> };
  screenshot(options: { path: string; fullPage?: boolean }): Promise<unknown>;
  waitForTimeout(ms: number): Promise<void>;
  on(event: 'console', fn: (msg: { type(): string; text(): string }) => void): void;
  on(event: 'pageerror', fn: (err: Error) => void): void;
}

export interface BrowserContext {
  pages(): Page[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

interface Chromium {
  launchPersistentContext(
    userDataDir: string,
    options: {
      executablePath: string;
      headless: boolean;
      args: string[];
      env?: NodeJS.ProcessEnv;
      viewport?: { width: number; height: number };
      timeout?: number;
    },
  ): Promise<BrowserContext>;
}

function chromium(): Chromium {
  const req = createRequire(path.join(harnessDir, 'package.json'));
  try {
    return (req('playwright-core') as { chromium: Chromium }).chromium;
  } catch (e) {
    throw new Error(`e2e: playwright-core is not installed in ${harnessDir}; run scripts/e2e-setup.sh (${String(e)})`);
  }
}

/** Headless Chromium with a fresh profile in `profileDir` and the isolated environment. */
export async function launchBrowser(profileDir: string, env: NodeJS.ProcessEnv): Promise<BrowserContext> {
  fs.mkdirSync(profileDir, { recursive: true });
  // playwright-core keeps its artifacts under this process's os.tmpdir(): the private one.
  if (env.TMPDIR) process.env.TMPDIR = env.TMPDIR;
  return chromium().launchPersistentContext(profileDir, {
    executablePath: chromiumBin,
    headless: true,
    env,
    viewport: { width: 1400, height: 900 },
    timeout: 60_000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
