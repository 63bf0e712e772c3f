import { type CancellationToken, type Connection, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/** Logs an error through the connection (the client's output channel), never throws. */
export function logError(connection: Connection, what: string, error: unknown): void {
  try {
    connection.console.error(`${what}: ${describe(error)}`);
  } catch {
    // The connection itself is gone; there is nobody left to tell.
  }
}

function cancelled<E>(): ResponseError<E> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}

/**
 * Runs a request handler so that no exception escapes: a cancelled request answers
 * RequestCancelled, an exception is logged and answered with `fallback`.
 */
export async function runSafe<T, E = void>(
  connection: Connection,
  what: string,
  token: CancellationToken | undefined,
  fallback: T,
  handler: () => T | Promise<T>,
): Promise<T | ResponseError<E>> {
  if (token?.isCancellationRequested) return cancelled<E>();
  try {
    const result = await handler();
    if (token?.isCancellationRequested) return cancelled<E>();
    return result;
  } catch (error) {
    logError(connection, what, error);
    return fallback;
  }
}

/** Runs a notification handler (no answer): exceptions and rejections are logged. */
export function runSafeNotification(connection: Connection, what: string, handler: () => void | Promise<void>): void {
  try {
    const result = handler();
    if (result) result.catch((error: unknown) => logError(connection, what, error));
  } catch (error) {
    logError(connection, what, error);
  }
}
