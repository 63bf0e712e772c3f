import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from './fixtures';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to the child's stdin, which is then closed (closed at once without it). */
  input?: string | Buffer;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** The built CLI (npm run build). */
export const cliPath = path.join(repoRoot, 'dist', 'cli.js');

/**
 * Runs a Node script as a user runs it: node + the file, arguments as an array, no shell.
 * A non-zero exit is a result (its code), not an error; a process that could not start or
 * was killed rejects.
 */
export function runNode(script: string, args: string[], options: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [script, ...args],
      { cwd: options.cwd ?? repoRoot, env: options.env ?? process.env, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error);
        resolve({ code: error ? (error.code as unknown as number) : 0, stdout, stderr });
      },
    );
    child.stdin!.end(options.input);
  });
}

/** Runs the built CLI (libvirt-xml-lint) with `args`. */
export function runCli(args: string[], options?: RunOptions): Promise<Run> {
  return runNode(cliPath, args, options);
}
