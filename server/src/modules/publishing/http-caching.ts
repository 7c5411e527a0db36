import type { Request, Response } from 'express';
import type { Principal } from '../access/index.js';

/**
 * Cache-Control for a published read. Published content is public by nature, and a delivery key
 * usually ships inside a website, so reads with an API key may be stored by shared caches and
 * CDNs (revalidated with the ETag after a minute; served stale for five while revalidating).
 * A member's session token is personal: its responses are `private, no-cache` — a browser may
 * keep them, but revalidates every time, and no shared cache stores them.
 */
export function cacheControlFor(principal: Principal): string {
  switch (principal.kind) {
    case 'apiKey':
      return 'public, max-age=60, stale-while-revalidate=300';
    case 'member':
      return 'private, no-cache';
    default:
      return exhaustive(principal);
  }
}

function exhaustive(value: never): never {
  throw new Error(`unexpected principal ${JSON.stringify(value)}`);
}

/** True when If-None-Match names `etag` (weak comparison, as RFC 9110 asks for this header). */
function matches(req: Request, etag: string): boolean {
  const header = req.get('If-None-Match');
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === bare);
}

/**
 * Sends a cacheable JSON body: ETag, Cache-Control, Surrogate-Key (the CDN purges by these) and
 * `Vary: Authorization` (member and key responses differ in Cache-Control); 304 without the body
 * when the client's copy is current.
 */
export function sendCacheable(
  req: Request,
  res: Response,
  options: { etag: string; cacheControl: string; surrogateKeys: readonly string[] },
  body: unknown,
): void {
  res.set('ETag', options.etag);
  res.set('Cache-Control', options.cacheControl);
  res.set('Surrogate-Key', options.surrogateKeys.join(' '));
  res.vary('Authorization');
  if (matches(req, options.etag)) {
    res.status(304).end();
    return;
  }
  res.json(body);
}

/** The Surrogate-Key values of a tenant and its documents. */
export function surrogateKeys(tenantId: string, documentIds: readonly string[]): string[] {
  return [`tenant-${tenantId}`, ...documentIds.map((id) => `doc-${id}`)];
}
