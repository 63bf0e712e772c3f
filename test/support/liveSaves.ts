import assert from 'node:assert/strict';
import { SaveError, type SaveQuestions } from '../../client/src/liveDomainStore';
import type { FileSystemError } from './vscodeStub';

/**
 * Save questions answered as given and recorded (`warnings:<rule ids>`,
 * `overwrite:[<kind> ]<name>@<connection>:<reason>`, the kind when not a domain); an answer left
 * undefined means the question must not be asked.
 */
export function questions(answers: { warnings?: boolean; overwrite?: boolean } = {}) {
  const asked: string[] = [];
  const q: SaveQuestions = {
    async saveDespiteWarnings(problems) {
      asked.push(`warnings:${problems.map((p) => p.ruleId).join(',')}`);
      if (answers.warnings === undefined) assert.fail('unexpected question about warnings');
      return answers.warnings;
    },
    async overwriteChanged(name, connection, reason, kind) {
      asked.push(`overwrite:${kind && kind !== 'domain' ? `${kind} ` : ''}${name}@${connection}:${reason}`);
      if (answers.overwrite === undefined) assert.fail('unexpected question about a changed definition');
      return answers.overwrite;
    },
  };
  return { q, asked };
}

/** Expects a SaveError of `kind` (with a message matching `pattern`) and returns it. */
export async function saveFails(p: Promise<unknown>, kind: SaveError['kind'], pattern?: RegExp): Promise<SaveError> {
  try {
    await p;
  } catch (error) {
    assert.ok(error instanceof SaveError, `expected a SaveError, got ${String(error)}`);
    assert.equal(error.kind, kind, error.message);
    if (pattern) assert.match(error.message, pattern);
    return error;
  }
  assert.fail(`expected a SaveError of kind ${kind}`);
}

/** Expects the file system provider to throw a FileSystemError with `code` (and a matching message). */
export async function fsError(p: Promise<unknown> | (() => unknown), code: string, pattern?: RegExp): Promise<FileSystemError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (error) {
    const e = error as FileSystemError;
    assert.equal(e.constructor.name, 'FileSystemError', String(error));
    assert.equal(e.code, code, e.message);
    if (pattern) assert.match(e.message, pattern);
    return e;
  }
  assert.fail(`expected a FileSystemError ${code}`);
}
