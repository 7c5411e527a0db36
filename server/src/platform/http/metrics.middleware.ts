import type { Request, RequestHandler } from 'express';
import type { Metrics } from '../telemetry/metrics.js';

/** The matched route pattern (never the raw path, which would explode label cardinality). */
function routeLabel(req: Request): string {
  const route: unknown = req.route;
  if (
    typeof route === 'object' &&
    route !== null &&
    'path' in route &&
    typeof route.path === 'string'
  ) {
    return `${req.baseUrl}${route.path}`;
  }
  return 'unmatched';
}

/** Observes every request's duration once the response has finished. */
export function httpMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpDuration.startTimer();
    res.once('finish', () => {
      end({ method: req.method, route: routeLabel(req), status_code: String(res.statusCode) });
    });
    next();
  };
}
