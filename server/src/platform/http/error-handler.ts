import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, toErrorBody } from '../errors.js';
import type { Logger } from '../logging/logger.js';

/**
 * Errors the framework raises before any route runs become stable client errors: body-parser's
 * carry a `type`; the router's failure to percent-decode a path parameter is a URIError.
 */
function fromFramework(err: unknown): AppError | null {
  if (err instanceof URIError)
    return new AppError('bad_request', 'Malformed percent-encoding in the URL');
  if (typeof err !== 'object' || err === null || !('type' in err)) return null;
  switch (err.type) {
    case 'entity.parse.failed':
      return new AppError('malformed_json', 'Request body is not valid JSON');
    case 'entity.too.large':
      return new AppError('payload_too_large', 'Request body is too large');
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new AppError('unsupported_media_type', 'Unsupported body encoding');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new AppError('bad_request', 'Request body could not be read');
    default:
      return null;
  }
}

/** A 429/503 may say when to come back: `details.retryAfterSeconds` becomes Retry-After. */
function retryAfterSeconds(err: unknown): number | null {
  if (!(err instanceof AppError) || (err.status !== 429 && err.status !== 503)) return null;
  const details = err.details as { retryAfterSeconds?: unknown } | undefined;
  const seconds = details?.retryAfterSeconds;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0
    ? Math.ceil(seconds)
    : null;
}

/** Any route no router claimed. */
export function notFoundHandler(): RequestHandler {
  return (req, _res, next) => {
    next(new AppError('not_found', `No route for ${req.method} ${req.path}`));
  };
}

/**
 * The last middleware: maps whatever was thrown to `{ error: { code, message, details? } }`.
 * Unknown errors are logged with their stack and answered as a generic 500.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const mapped = err instanceof AppError ? err : (fromFramework(err) ?? err);
    const { status, body } = toErrorBody(mapped);
    if (status >= 500) {
      logger.error(
        { error: err, 'http.request.method': req.method, 'url.path': req.path },
        'request failed',
      );
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const retryAfter = retryAfterSeconds(mapped);
    if (retryAfter !== null && !res.getHeader('Retry-After'))
      res.setHeader('Retry-After', String(retryAfter));
    res.status(status).json(body);
  };
}
