import { Router } from 'express';

/** `GET /`: what this node is and where its interfaces are, for people and for probes. */
export function rootRoutes(options: { nodeId: string }): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.json({
      name: 'Folio',
      node: options.nodeId,
      links: {
        admin: '/admin/',
        health: '/healthz',
        readiness: '/readyz',
        metrics: '/metrics',
        api: '/api/v1',
      },
    });
  });
  return router;
}
