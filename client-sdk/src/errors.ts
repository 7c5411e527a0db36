/** Errors the SDK raises for failed API calls. */

/** The server's error envelope: `{ "error": { "code", "message", "details"? } }`. */
export interface ApiErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
}

/** A request the server refused (4xx/5xx), with the server's stable error code. */
export class FolioApiError extends Error {
  override readonly name = 'FolioApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
    /** The parsed response body (the error envelope, or whatever the server sent). */
    readonly body: unknown,
  ) {
    super(message);
  }

  /** Builds the error from a response status and its parsed body (an envelope or anything). */
  static from(status: number, body: unknown, statusText = ''): FolioApiError {
    const envelope = isErrorBody(body) ? body.error : null;
    return new FolioApiError(
      status,
      envelope?.code ?? (status >= 500 ? 'server_error' : 'http_error'),
      envelope?.message ?? (statusText || `HTTP ${status}`),
      envelope?.details,
      body,
    );
  }
}

/** Raised when a call needs a signed-in client and there is none. */
export class FolioAuthError extends Error {
  override readonly name = 'FolioAuthError';
}

function isErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = body.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}
