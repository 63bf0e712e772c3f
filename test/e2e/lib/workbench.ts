// Opens the code-server workbench so that it loads an extension under development and runs
// its tests, the web equivalent of `code --extensionDevelopmentPath … --extensionTestsPath …`.
import * as util from 'node:util';
import type { Page } from './browser';

export interface WorkbenchTarget {
  origin: string;
  authority: string;
  folder: string;
  extensionDevelopmentPaths?: string[];
  extensionTestsPath?: string;
}

/** The workbench URL; extension paths become vscode-remote:// URIs on this server. */
export function workbenchUrl(t: WorkbenchTarget): string {
  const remote = (p: string) => `vscode-remote://${t.authority}${p}`;
  const payload: [string, string][] = [];
  for (const p of t.extensionDevelopmentPaths ?? []) payload.push(['extensionDevelopmentPath', remote(p)]);
  if (t.extensionTestsPath) payload.push(['extensionTestsPath', remote(t.extensionTestsPath)]);
  let url = `${t.origin}/?folder=${encodeURIComponent(t.folder)}`;
  if (payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

/**
 * Loads the workbench with extension tests and resolves with the exit code the test module's
 * run() reported (0 resolved, 1 rejected). The workbench calls these two page functions when
 * it runs extension tests in a browser.
 */
export async function runExtensionTests(
  page: Page,
  t: WorkbenchTarget,
  log: (line: string) => void,
  timeoutMs: number,
): Promise<number> {
  let settle!: (code: number) => void;
  const exit = new Promise<number>((resolve) => (settle = resolve));
  await page.exposeFunction('codeAutomationLog', ((type: string, args: unknown[]) => {
    // The extension host's console: lines keep their printf placeholders.
    const line = Array.isArray(args) ? util.format(...(args as [unknown, ...unknown[]])) : String(args);
    void type;
    log(line);
  }) as (...args: never[]) => unknown);
  await page.exposeFunction('codeAutomationExit', ((code: number) => settle(code)) as (...args: never[]) => unknown);
  await page.goto(workbenchUrl(t), { timeout: 60_000, waitUntil: 'domcontentloaded' });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<number>((resolve) => {
    timer = setTimeout(() => {
      log(`e2e: the extension tests did not finish within ${timeoutMs / 1000} s`);
      resolve(1);
    }, timeoutMs);
  });
  try {
    return await Promise.race([exit, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
