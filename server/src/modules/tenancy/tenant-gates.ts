import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { runWithContextPatch } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { principalSlot, type Principal } from '../access/index.js';
import { prefersHtml, sendBrandedPage, type BrandedPage } from './branded-page.js';
import { CidrList } from './cidr.js';
import { normaliseHost } from './host.js';
import { tenantSlot, tenantSourceSlot } from './tenancy.http.js';
import { resolveClientIp, resolveClientProtocol } from './tenant-gates.client-ip.js';
import { buildTenantCsp } from './tenant-gates.csp.js';
import type { ResolvedTenant } from './tenant-resolver.js';
import type { Tenant } from './tenant.entity.js';

/** What the gates need from the configuration (a structural slice of Config). */
export interface TenantGatesDeps {
  config: { FOLIO_TRUSTED_PROXIES: readonly string[] };
}

// Parsed allowlists per settings object: resolved tenants are cached, so this is hit on most requests.
const allowlists = new WeakMap<object, CidrList>();

function allowlistOf(tenant: Tenant): CidrList | null {
  const entries = tenant.settings.ipAllowlist;
  if (!entries || entries.length === 0) return null;
  let list = allowlists.get(tenant.settings);
  if (!list) {
    list = CidrList.lenient(entries);
    allowlists.set(tenant.settings, list);
  }
  return list;
}

/** True when ip passes the tenant's IP allowlist (an empty or absent list allows everyone). */
export function isIpAllowed(tenant: Tenant, ip: string | null): boolean {
  const list = allowlistOf(tenant);
  return list === null || list.contains(ip);
}

/**
 * Sign-in stays open during maintenance: staff can only bypass it with a token, and must be able
 * to get one. Everyone else's token meets the 503 on its first use.
 */
const OPEN_DURING_MAINTENANCE = new Set(['POST /auth/login', 'POST /auth/refresh']);

/** Navigation by a browser: only these are redirected to the primary host. */
function isHtmlNavigation(req: Request): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && prefersHtml(req);
}

/** The request as seen by the gates. */
export interface GateInput {
  req: Request;
  res: Response;
  resolved: ResolvedTenant;
  clientIp: string | null;
  principal: Principal | undefined;
  trustedProxies: CidrList;
}

/**
 * The tenant's gates, in order: its CSP on every response; suspended → 403 for everyone;
 * an IP outside the allowlist → 403 (before maintenance, so a stranger learns nothing more);
 * maintenance → 503 with Retry-After unless the caller is platform staff; then an HTML navigation
 * on a host other than the primary one is redirected there. Returns whether it redirected.
 */
export function applyTenantGates(input: GateInput): 'redirected' | 'pass' {
  const { req, res, resolved, clientIp, principal } = input;
  const { tenant } = resolved;
  res.setHeader('Content-Security-Policy', buildTenantCsp(tenant.settings.csp));
  if (tenant.status === 'suspended') {
    throw new AppError('forbidden', 'This tenant is suspended', {
      details: { reason: 'tenant_suspended' },
    });
  }
  if (!isIpAllowed(tenant, clientIp)) {
    throw new AppError('forbidden', `Your address ${clientIp ?? '(unknown)'} is not allowed here`, {
      details: { reason: 'ip_not_allowed' },
    });
  }
  const isStaff = principal?.kind === 'member' && principal.isStaff;
  const isSignIn = OPEN_DURING_MAINTENANCE.has(`${req.method} ${req.path}`);
  if (tenant.status === 'maintenance' && !isStaff && !isSignIn) {
    res.setHeader('Retry-After', String(tenant.maintenanceRetryAfter));
    throw new AppError('unavailable', 'This tenant is down for maintenance', {
      expose: true,
      details: { reason: 'tenant_maintenance', retryAfterSeconds: tenant.maintenanceRetryAfter },
    });
  }
  const host = normaliseHost(req.get('host'));
  if (
    tenantSourceSlot.get(res) === 'host' &&
    host !== null &&
    host !== resolved.primaryHost &&
    isHtmlNavigation(req)
  ) {
    const port = /^[^[\]]*:(\d{1,5})$/.exec(req.get('host') ?? '')?.[1];
    const protocol = resolveClientProtocol(
      req.socket.remoteAddress,
      req.get('x-forwarded-proto'),
      req.protocol,
      input.trustedProxies,
    );
    const location = `${protocol}://${resolved.primaryHost}${port ? `:${port}` : ''}${req.originalUrl}`;
    res.redirect(301, location);
    return 'redirected';
  }
  return 'pass';
}

/** The branded page for a gate or resolution error, by status and reason. */
function pageFor(err: AppError, tenant: Tenant | undefined): BrandedPage {
  const reason = (err.details as { reason?: unknown } | undefined)?.reason;
  const branded = tenant ? { name: tenant.name, settings: tenant.settings } : null;
  if (err.status === 503) {
    return {
      status: 503,
      title: 'Down for maintenance',
      message: `${tenant?.name ?? 'This site'} is undergoing maintenance and will be back shortly.`,
      tenant: branded,
      ...(tenant ? { retryAfterSeconds: tenant.maintenanceRetryAfter } : {}),
    };
  }
  if (err.status === 404) {
    return {
      status: 404,
      title: 'Site not found',
      message: 'There is no site at this address.',
      tenant: branded,
    };
  }
  if (reason === 'tenant_suspended') {
    return {
      status: 403,
      title: 'Site suspended',
      message: `${tenant?.name ?? 'This site'} is currently suspended.`,
      tenant: branded,
    };
  }
  return { status: 403, title: 'Access denied', message: err.message, tenant: branded };
}

/**
 * Browsers get the tenant's branded page for the errors of resolution and the gates (403, 404,
 * 503); API clients fall through to the JSON envelope of the app's error handler.
 */
export function brandedErrorPages(): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (
      !(err instanceof AppError) ||
      ![403, 404, 503].includes(err.status) ||
      res.headersSent ||
      !prefersHtml(req)
    ) {
      next(err);
      return;
    }
    sendBrandedPage(res, pageFor(err, tenantSlot.get(res)?.tenant));
  };
}

/**
 * Mounted right after tenant binding in /api/v1: resolves the client address (trusting
 * X-Forwarded-For only from FOLIO_TRUSTED_PROXIES) into the request context for audit entries,
 * applies the bound tenant's gates, and renders gate errors as branded pages for browsers.
 */
export function tenantGatesMiddleware(
  deps: TenantGatesDeps,
): [RequestHandler, ErrorRequestHandler] {
  const trustedProxies = new CidrList(deps.config.FOLIO_TRUSTED_PROXIES);
  const gate: RequestHandler = (req, res, next) => {
    const clientIp = resolveClientIp(
      req.socket.remoteAddress,
      req.get('x-forwarded-for'),
      trustedProxies,
    );
    runWithContextPatch(clientIp ? { clientIp } : {}, () => {
      const resolved = tenantSlot.get(res);
      const outcome = resolved
        ? applyTenantGates({
            req,
            res,
            resolved,
            clientIp,
            principal: principalSlot.get(res),
            trustedProxies,
          })
        : 'pass';
      if (outcome === 'pass') next();
    });
  };
  return [gate, brandedErrorPages()];
}
