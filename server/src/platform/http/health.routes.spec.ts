import express from 'express';
import request from 'supertest';
import { createMetrics } from '../telemetry/metrics.js';
import { healthRoutes } from './health.routes.js';

function appWith(checks: Record<string, () => Promise<boolean>>, draining = false) {
  const app = express();
  app.use(healthRoutes({ metrics: createMetrics(), checks, isDraining: () => draining }));
  return app;
}

describe('health routes', () => {
  it('is ready only when every check passes', async () => {
    await request(appWith({ a: async () => true }))
      .get('/readyz')
      .expect(200);
    const res = await request(appWith({ a: async () => true, b: async () => false }))
      .get('/readyz')
      .expect(503);
    expect(res.body).toEqual({ status: 'unavailable', checks: { a: 'ok', b: 'failing' } });
  });

  it('treats a rejecting check as failing rather than crashing', async () => {
    const res = await request(appWith({ a: () => Promise.reject(new Error('x')) }))
      .get('/readyz')
      .expect(503);
    expect(res.body.checks).toEqual({ a: 'failing' });
  });

  it('turns unready while draining but stays alive', async () => {
    const app = appWith({ a: async () => true }, true);
    const res = await request(app).get('/readyz').expect(503);
    expect(res.body.status).toBe('draining');
    await request(app).get('/healthz').expect(200);
  });
});
