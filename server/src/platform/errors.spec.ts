import { AppError, ERROR_CATALOGUE, toErrorBody } from './errors.js';

describe('error catalogue', () => {
  it('maps each code to a 4xx/5xx status, a GraphQL code and a websocket close code', () => {
    for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
      expect(entry.status).toBeGreaterThanOrEqual(400);
      expect(entry.status).toBeLessThan(600);
      expect(entry.graphql).toMatch(/^[A-Z_]+$/);
      // Application close codes live in 4000-4999; 1011-1013 are the standard server-side ones.
      expect(entry.close >= 4000 || [1011, 1012, 1013].includes(entry.close)).toBe(true);
      expect(code).toMatch(/^[a-z_]+$/);
    }
  });

  it('exposes client errors with details and hides internal ones', () => {
    const client = toErrorBody(
      new AppError('validation_failed', 'bad', { details: [{ path: 'x' }] }),
    );
    expect(client).toEqual({
      status: 400,
      body: { error: { code: 'validation_failed', message: 'bad', details: [{ path: 'x' }] } },
    });
    const internal = toErrorBody(new AppError('internal', 'db password is hunter2'));
    expect(internal.body.error.message).toBe('Internal server error');
    expect(toErrorBody(new Error('boom'))).toEqual({
      status: 500,
      body: { error: { code: 'internal', message: 'Internal server error' } },
    });
  });
});
