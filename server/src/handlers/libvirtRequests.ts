import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import {
  type AsQemuTypeResult,
  type CheckTextResult,
  type LibvirtDiagnosticsResult,
  Requests,
  type TextDiagnostic,
} from '../protocol';
import type { LanguageService } from '../service/languageService';
import { asQemuType, checkForSave, LIBVIRT_RULE_ID, libvirtDiagnostics, type LibvirtVerdict } from '../service/libvirt/index';
import { LineIndex } from '../service/parse/lineIndex';
import type { LintDiagnostic, LintSettings, Severity } from '../service/types';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function invalid(method: string, expected: string, got: unknown): ResponseError<void> {
  const shown = JSON.stringify(got) ?? String(got);
  return new ResponseError(ErrorCodes.InvalidParams, `${method} expects ${expected}, got ${shown.length > 200 ? `${shown.slice(0, 200)}…` : shown}`);
}

function textDiagnostics(text: string, found: readonly LintDiagnostic[]): TextDiagnostic[] {
  const lines = new LineIndex(text);
  return found.map((d) => ({
    ruleId: d.ruleId,
    severity: d.severity,
    message: d.message,
    span: { start: d.span.start, end: d.span.end },
    range: { start: lines.positionAt(d.span.start), end: lines.positionAt(d.span.end) },
  }));
}

const DRIVERS = new Set(['test', 'qemu', 'connection']);

function verdictsOf(v: unknown): LibvirtVerdict[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: LibvirtVerdict[] = [];
  for (const x of v) {
    if (!isObject(x) || typeof x.driver !== 'string' || !DRIVERS.has(x.driver)) return undefined;
    if (!Array.isArray(x.messages) || !x.messages.every((m) => typeof m === 'string')) return undefined;
    out.push({ driver: x.driver as LibvirtVerdict['driver'], uri: typeof x.uri === 'string' ? x.uri : undefined, ok: x.ok === true, messages: x.messages as string[] });
  }
  return out;
}

// The requests behind the client's live-domain features (protocol.ts `Requests`). Bad params
// and failures are errors, never an empty answer: an empty list of problems would let a save
// define unchecked XML.

export async function checkText(service: LanguageService, settingsFor: (uri: string) => Promise<LintSettings>, p: unknown): Promise<CheckTextResult | ResponseError<void>> {
  if (!isObject(p) || typeof p.uri !== 'string' || p.uri === '' || typeof p.text !== 'string') return invalid(Requests.checkText, '{ uri: string, text: string }', p);
  const check = checkForSave(service, p.text, await settingsFor(p.uri));
  return { diagnostics: textDiagnostics(p.text, check.diagnostics), domainName: check.domainName ?? null, root: check.root ?? null, name: check.name ?? null, kind: check.kind ?? null };
}

export async function locateVerdicts(settingsFor: (uri: string) => Promise<LintSettings>, p: unknown): Promise<LibvirtDiagnosticsResult | ResponseError<void>> {
  const verdicts = isObject(p) ? verdictsOf(p.verdicts) : undefined;
  if (!isObject(p) || typeof p.text !== 'string' || !verdicts || (p.uri !== undefined && typeof p.uri !== 'string')) {
    return invalid(Requests.libvirtDiagnostics, "{ uri?: string, text: string, verdicts: [{ driver: 'test'|'qemu'|'connection', messages: string[] }] }", p);
  }
  // Asked for explicitly (a command, --libvirt): shown even when the level is 'off'.
  const level = typeof p.uri === 'string' ? (await settingsFor(p.uri)).rules?.[LIBVIRT_RULE_ID] : undefined;
  const severity: Severity = level === undefined || level === 'off' ? 'error' : level;
  return { diagnostics: textDiagnostics(p.text, libvirtDiagnostics(p.text, verdicts)).map((d) => ({ ...d, severity })) };
}

export function qemuType(p: unknown): AsQemuTypeResult | ResponseError<void> {
  if (!isObject(p) || typeof p.text !== 'string') return invalid(Requests.asQemuType, '{ text: string }', p);
  return { text: asQemuType(p.text) };
}

/** runSafe's fallback for these requests: an error the client turns into a refused save. */
export function failed(method: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InternalError, `${method} failed in the libvirt XML language server (details in its output channel)`);
}
