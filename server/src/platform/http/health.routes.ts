import { Router } from 'express';
import type { Metrics } from '../telemetry/metrics.js';

/** A named dependency check for /readyz; must resolve (never reject) within its own timeout. */
export type ReadinessCheck = () => Promise<boolean>;

export interface HealthOptions {
  metrics: Metrics;
  checks: Record<string, ReadinessCheck>;
  /** True once shutdown began: the node must leave load balancers before it stops. */
  isDraining: () => boolean;
}

/** /healthz (process alive), /readyz (dependencies reachable, not draining), /metrics. */
export function healthRoutes(options: HealthOptions): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const names = Object.keys(options.checks);
    const results = await Promise.all(
      names.map((name) => options.checks[name]!().catch(() => false)),
    );
    const checks = Object.fromEntries(
      names.map((name, i) => [name, results[i] ? 'ok' : 'failing']),
    );
    const draining = options.isDraining();
    const ready = !draining && results.every(Boolean);
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : draining ? 'draining' : 'unavailable', checks });
  });
  router.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', options.metrics.registry.contentType);
    res.send(await options.metrics.registry.metrics());
  });
  return router;
}
