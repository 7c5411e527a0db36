/**
 * One catalogue of error codes. Every error a client can see is an AppError whose code maps to an
 * HTTP status, a GraphQL error code and a websocket close code, so REST, GraphQL and the collab
 * server answer the same failure the same way. docs/errors.md documents this table.
 */
export const ERROR_CATALOGUE = {
  bad_request: { status: 400, graphql: 'BAD_USER_INPUT', close: 4400 },
  validation_failed: { status: 400, graphql: 'BAD_USER_INPUT', close: 4400 },
  malformed_json: { status: 400, graphql: 'BAD_USER_INPUT', close: 4400 },
  unauthenticated: { status: 401, graphql: 'UNAUTHENTICATED', close: 4401 },
  forbidden: { status: 403, graphql: 'FORBIDDEN', close: 4403 },
  not_found: { status: 404, graphql: 'NOT_FOUND', close: 4404 },
  method_not_allowed: { status: 405, graphql: 'BAD_REQUEST', close: 4400 },
  conflict: { status: 409, graphql: 'CONFLICT', close: 4409 },
  transition_blocked: { status: 409, graphql: 'CONFLICT', close: 4409 },
  precondition_failed: { status: 412, graphql: 'CONFLICT', close: 4409 },
  payload_too_large: { status: 413, graphql: 'PAYLOAD_TOO_LARGE', close: 4413 },
  unsupported_media_type: { status: 415, graphql: 'BAD_REQUEST', close: 4400 },
  content_invalid: { status: 422, graphql: 'BAD_USER_INPUT', close: 4400 },
  rate_limited: { status: 429, graphql: 'RATE_LIMITED', close: 4529 },
  internal: { status: 500, graphql: 'INTERNAL_SERVER_ERROR', close: 1011 },
  unavailable: { status: 503, graphql: 'SERVICE_UNAVAILABLE', close: 1013 },
  shutting_down: { status: 503, graphql: 'SERVICE_UNAVAILABLE', close: 1012 },
} as const satisfies Record<string, { status: number; graphql: string; close: number }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export interface AppErrorOptions {
  /** Structured, client-safe detail (for example zod issues). */
  details?: unknown;
  /** Whether the message may be shown to clients; 5xx errors default to hidden. */
  expose?: boolean;
  cause?: unknown;
}

/** An error with a stable code from the catalogue; the only kind of error clients ever see. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  readonly expose: boolean;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
    this.expose = options.expose ?? ERROR_CATALOGUE[code].status < 500;
  }

  get status(): number {
    return ERROR_CATALOGUE[this.code].status;
  }

  get graphqlCode(): string {
    return ERROR_CATALOGUE[this.code].graphql;
  }

  get closeCode(): number {
    return ERROR_CATALOGUE[this.code].close;
  }
}

/** The client-facing body for any thrown value: AppErrors keep their code, anything else is internal. */
export function toErrorBody(err: unknown): {
  status: number;
  body: { error: { code: ErrorCode; message: string; details?: unknown } };
} {
  const appError = err instanceof AppError ? err : null;
  if (!appError) {
    return { status: 500, body: { error: { code: 'internal', message: 'Internal server error' } } };
  }
  const message = appError.expose ? appError.message : 'Internal server error';
  const error: { code: ErrorCode; message: string; details?: unknown } = {
    code: appError.code,
    message,
  };
  if (appError.expose && appError.details !== undefined) error.details = appError.details;
  return { status: appError.status, body: { error } };
}
