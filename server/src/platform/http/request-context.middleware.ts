import type { RequestHandler } from 'express';
import { newContext, runWithContext } from '../context.js';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/;

/**
 * Opens the request's context: a request id (the caller's X-Request-Id when it is well formed)
 * and a trace id (from a W3C traceparent header when present), echoed back in X-Request-Id.
 */
export function requestContext(): RequestHandler {
  return (req, res, next) => {
    const requestId = req.get('x-request-id');
    const traceparent = TRACEPARENT.exec(req.get('traceparent') ?? '');
    const ctx = newContext({
      ...(requestId && SAFE_ID.test(requestId) ? { requestId } : {}),
      ...(traceparent?.[1] ? { traceId: traceparent[1] } : {}),
      ...(req.socket.remoteAddress ? { clientIp: req.socket.remoteAddress } : {}),
    });
    res.setHeader('X-Request-Id', ctx.requestId);
    runWithContext(ctx, next);
  };
}
