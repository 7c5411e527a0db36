import type { ErrorRequestHandler, RequestHandler } from 'express';
import { runWithContextPatch } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { CidrList } from './cidr.js';
import { tenantSlot, tenantSourceSlot } from './tenancy.http.js';
import { resolveClientIp } from './tenant-gates.client-ip.js';
import { applyTenantGates, brandedErrorPages, type TenantGatesDeps } from './tenant-gates.js';
import type { TenantResolver } from './tenant-resolver.js';

/**
 * The same gates for the HTML pages a tenant host serves outside /api/v1 (the admin UI shell, a
 * published site): the tenant comes from the Host alone, and since pages carry no bearer token
 * there is no staff bypass of maintenance here — staff use the API (or the platform surface).
 * Mount it before those pages' routes; it leaves hosts that name no tenant alone.
 */
export function tenantPagesMiddleware(
  deps: TenantGatesDeps & { resolver: TenantResolver },
): [RequestHandler, ErrorRequestHandler] {
  const trustedProxies = new CidrList(deps.config.FOLIO_TRUSTED_PROXIES);
  const gate: RequestHandler = async (req, res, next) => {
    const clientIp = resolveClientIp(
      req.socket.remoteAddress,
      req.get('x-forwarded-for'),
      trustedProxies,
    );
    const resolved = await deps.resolver.byHost(req.get('host'));
    if (resolved === null) throw new AppError('not_found', 'Unknown tenant host');
    if (resolved) {
      tenantSlot.set(res, resolved);
      tenantSourceSlot.set(res, 'host');
    }
    runWithContextPatch(
      { ...(clientIp ? { clientIp } : {}), ...(resolved ? { tenantId: resolved.tenant.id } : {}) },
      () => {
        const outcome = resolved
          ? applyTenantGates({ req, res, resolved, clientIp, principal: undefined, trustedProxies })
          : 'pass';
        if (outcome === 'pass') next();
      },
    );
  };
  return [gate, brandedErrorPages()];
}
