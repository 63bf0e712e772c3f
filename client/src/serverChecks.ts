import type { LanguageClient } from 'vscode-languageclient/node';
import {
  type AsQemuTypeParams,
  type AsQemuTypeResult,
  type CheckTextParams,
  type CheckTextResult,
  type DefinedDiffParams,
  type DefinedDiffResult,
  type LibvirtDiagnosticsParams,
  type LibvirtDiagnosticsResult,
  Requests,
} from '../../server/src/protocol';

/**
 * What the live-domain features ask of this project's checks. The extension answers through
 * the language server (the service is bundled there only); tests may answer in-process.
 */
export interface LiveChecker {
  checkText(params: CheckTextParams): Promise<CheckTextResult>;
  libvirtDiagnostics(params: LibvirtDiagnosticsParams): Promise<LibvirtDiagnosticsResult>;
  asQemuType(params: AsQemuTypeParams): Promise<AsQemuTypeResult>;
  /** What libvirt kept differently from the text a save sent (reported after the save). */
  definedDiff(params: DefinedDiffParams): Promise<DefinedDiffResult>;
}

/** The checks could not be run: nothing may be defined in libvirt on their behalf. */
export class CheckUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckUnavailableError';
  }
}

export const SERVER_NOT_RUNNING =
  'the libvirt XML language server is not running (stopped, restarting or crashed), so the document cannot be checked. Run "libvirt: Restart Language Server" (or wait until it is up) and try again.';

/** A request that takes longer than this is given up (the server may be stuck on a huge document). */
export const CHECK_TIMEOUT_MS = 30_000;

/**
 * LiveChecker over the running language client. A client that is not running, a lost
 * connection, a timeout or an error answer all throw CheckUnavailableError; there is no
 * fallback that would let unchecked XML through.
 */
export function languageServerChecker(client: () => LanguageClient | undefined, timeoutMs = CHECK_TIMEOUT_MS): LiveChecker {
  const request = async <R>(method: string, params: unknown): Promise<R> => {
    const c = client();
    // Starting or stopping: the request would wait for, or race with, a server that is not there.
    if (!c || !c.isRunning()) throw new CheckUnavailableError(SERVER_NOT_RUNNING);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CheckUnavailableError(`the libvirt XML language server did not answer within ${Math.round(timeoutMs / 1000)} s, so the document cannot be checked.`)), timeoutMs);
    });
    try {
      return await Promise.race([c.sendRequest<R>(method, params), timeout]);
    } catch (error) {
      if (error instanceof CheckUnavailableError) throw error;
      const detail = error instanceof Error ? error.message : String(error);
      throw new CheckUnavailableError(c.isRunning() ? `the libvirt XML language server could not check the document: ${detail}` : SERVER_NOT_RUNNING);
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    checkText: (params) => request(Requests.checkText, params),
    libvirtDiagnostics: (params) => request(Requests.libvirtDiagnostics, params),
    asQemuType: (params) => request(Requests.asQemuType, params),
    definedDiff: (params) => request(Requests.definedDiff, params),
  };
}
