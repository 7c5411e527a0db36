import { isIP } from 'node:net';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { isHostname, normaliseHost } from './host.js';

/** A custom host as a client writes it: case and a trailing dot do not matter. */
const host = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .transform((v) => (v.endsWith('.') ? v.slice(0, -1) : v))
  // An all-numeric last label would be an IP address (or unroutable), never a custom domain.
  .refine(
    (v) => isHostname(v) && isIP(v) === 0 && !/\.\d+$/.test(v),
    'must be a host name such as docs.example.com',
  );

export const addDomainBody = z.object({ host }).strict();

export const listDomainsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z
      .string()
      .max(400)
      .regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor returned by a previous page')
      .optional(),
  })
  .strict();

/** The host named by a path parameter; one that cannot exist is simply not found. */
export function hostParam(raw: unknown): string {
  const value = typeof raw === 'string' ? normaliseHost(raw) : null;
  if (!value || !isHostname(value)) throw new AppError('not_found', 'No such domain');
  return value;
}

/** Domains are listed by host; the cursor is the last host of the previous page. */
export function encodeHostCursor(lastHost: string): string {
  return Buffer.from(lastHost, 'utf8').toString('base64url');
}

export function decodeHostCursor(cursor: string): string {
  const value = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!isHostname(value)) {
    throw new AppError('validation_failed', 'Invalid request query', {
      details: [{ path: 'query.cursor', message: 'must be a cursor returned by a previous page' }],
    });
  }
  return value;
}
