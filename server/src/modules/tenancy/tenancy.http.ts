import type { RequestHandler } from 'express';
import { AppError } from '../../platform/errors.js';
import { defineRequestSlot } from '../../platform/http/request-slot.js';
import { isSlug } from './host.js';
import type { ResolvedTenant, TenantResolver } from './tenant-resolver.js';

/** The tenant the request acts in, once resolved from host, header or token. */
export const tenantSlot = defineRequestSlot<ResolvedTenant>(
  'tenant',
  () =>
    new AppError(
      'not_found',
      'No tenant: use the tenant host, an X-Folio-Tenant header or a tenant-bound token',
    ),
);

/** How the tenant was named, which decides e.g. whether a token may pick it. */
export const tenantSourceSlot = defineRequestSlot<'host' | 'header' | 'token'>(
  'tenantSource',
  () => new AppError('not_found', 'No tenant'),
);

/**
 * Resolves the tenant named by the Host (subdomain or verified custom domain) or, on a host that
 * names none, by `X-Folio-Tenant: <slug>`. A name that matches no tenant is a 404; no name at all
 * leaves the slot empty for the token to fill.
 */
export function resolveTenantMiddleware(resolver: TenantResolver): RequestHandler {
  return async (req, res, next) => {
    const byHost = await resolver.byHost(req.get('host'));
    if (byHost === null) throw new AppError('not_found', 'Unknown tenant host');
    if (byHost) {
      tenantSlot.set(res, byHost);
      tenantSourceSlot.set(res, 'host');
      return next();
    }
    const header = req.get('x-folio-tenant');
    if (header !== undefined) {
      const slug = header.trim().toLowerCase();
      if (!isSlug(slug)) throw new AppError('bad_request', 'X-Folio-Tenant must be a tenant slug');
      const bySlug = await resolver.bySlug(slug);
      if (!bySlug) throw new AppError('not_found', 'Unknown tenant');
      tenantSlot.set(res, bySlug);
      tenantSourceSlot.set(res, 'header');
    }
    next();
  };
}
