import type { Response } from 'express';
import { AppError } from '../../platform/errors.js';

/**
 * Runs fn and, when it fails with a 429 carrying `details.retryAfterSeconds`, sets the Retry-After
 * header before the error reaches the generic error handler (which only writes the body).
 */
export async function withRetryAfter<T>(res: Response, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof AppError && error.code === 'rate_limited') {
      const seconds = (error.details as { retryAfterSeconds?: unknown } | undefined)
        ?.retryAfterSeconds;
      if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0) {
        res.setHeader('Retry-After', String(Math.ceil(seconds)));
      }
    }
    throw error;
  }
}
