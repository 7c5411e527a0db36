import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import type { Logger } from '../logging/logger.js';
import type { Metrics } from '../telemetry/metrics.js';
import { errorHandler, notFoundHandler } from './error-handler.js';
import { healthRoutes, type ReadinessCheck } from './health.routes.js';
import { httpMetrics } from './metrics.middleware.js';
import { requestContext } from './request-context.middleware.js';

export interface HttpAppOptions {
  logger: Logger;
  metrics: Metrics;
  readiness: Record<string, ReadinessCheck>;
  isDraining: () => boolean;
  /** Routers mounted in order after the probes, each at its own path. */
  routers?: { path: string; router: Router }[];
  /** Largest JSON body accepted. */
  jsonLimit?: string;
}

/**
 * The express application: context, security headers, metrics, JSON bodies, probes, the modules'
 * routers, then the 404 and error handlers that give every failure the catalogue's shape.
 */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(requestContext());
  app.use(httpMetrics(options.metrics));
  app.use(helmet());
  app.use(
    healthRoutes({
      metrics: options.metrics,
      checks: options.readiness,
      isDraining: options.isDraining,
    }),
  );
  app.use(express.json({ limit: options.jsonLimit ?? '1mb', strict: true }));
  for (const { path, router } of options.routers ?? []) app.use(path, router);
  app.use(notFoundHandler());
  app.use(errorHandler(options.logger));
  return app;
}
