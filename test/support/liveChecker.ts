import { ResponseError } from 'vscode-languageserver/node';
import type { LiveChecker } from '../../client/src/serverChecks';
import { definedDiff } from '../../server/src/handlers/definedDiffRequest';
import { checkText, locateVerdicts, qemuType } from '../../server/src/handlers/libvirtRequests';
import { LanguageService } from '../../server/src/service/languageService';
import type { LintSettings } from '../../server/src/service/types';

/**
 * The language server's answers to the live-domain requests, in-process: the same handler
 * functions server.ts routes to, without a connection. `uris` records the document URIs the
 * settings were asked for.
 */
export function serviceChecker(settings: (uri: string) => LintSettings = () => ({}), service = new LanguageService()): LiveChecker & { uris: string[] } {
  const uris: string[] = [];
  const settingsFor = async (uri: string) => {
    uris.push(uri);
    return settings(uri);
  };
  const answer = async <T>(result: T | ResponseError<void> | Promise<T | ResponseError<void>>): Promise<T> => {
    const r = await result;
    if (r instanceof ResponseError) throw r;
    return r;
  };
  return {
    uris,
    checkText: (p) => answer(checkText(service, settingsFor, p)),
    libvirtDiagnostics: (p) => answer(locateVerdicts(settingsFor, p)),
    asQemuType: (p) => answer(qemuType(p)),
    definedDiff: (p) => answer(definedDiff(p)),
  };
}
