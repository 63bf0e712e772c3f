import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { type DefinedDiffResult, Requests } from '../protocol';
import { compareDefined } from '../service/definedDiff';

/** `libvirt/definedDiff`: what libvirt kept differently from the text a save sent it. */
export function definedDiff(p: unknown): DefinedDiffResult | ResponseError<void> {
  const o = typeof p === 'object' && p !== null ? (p as Record<string, unknown>) : undefined;
  if (!o || typeof o.sent !== 'string' || typeof o.stored !== 'string') {
    return new ResponseError(ErrorCodes.InvalidParams, `${Requests.definedDiff} expects { sent: string, stored: string }`);
  }
  return compareDefined(o.sent, o.stored);
}
