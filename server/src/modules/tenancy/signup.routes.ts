import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { currentContext } from '../../platform/context.js';
import { parseInput } from '../../platform/http/validate.js';
import { principalSlot } from '../access/index.js';
import { onboardTenant, type OnboardingStep } from './commands/onboardTenant.js';
import type { SessionStarter } from './sessions.port.js';
import { signupBody } from './signup.schema.js';
import { presentUser } from './tenant.presenter.js';
import { presentTenant } from './tenant-settings.presenter.js';
import type { Tenant } from './tenant.entity.js';
import { tenantBaseUrl, type TenantUrlOptions } from './tenant-url.js';

export interface SignupRouteDeps {
  dataSource: DataSource;
  sessions: SessionStarter;
  resolver: { invalidate(tenantId: string): Promise<void> };
  baseDomain: string;
  urls: TenantUrlOptions;
  /** Test seam: see OnboardTenantDeps.afterStep. */
  afterStep?: (step: OnboardingStep, tenant: Tenant) => Promise<void> | void;
}

/**
 * `POST /api/v1/signup`: atomic onboarding, public. Signup is a platform-level action: a tenant the
 * request's host or header may name plays no part (the new tenant is the one the body names), so
 * it works the same on the bare host and on any tenant host. A member session of an existing
 * account stands in for its password.
 */
export function signupRoutes(deps: SignupRouteDeps): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    const body = parseInput(signupBody, req.body);
    const principal = principalSlot.get(res);
    const result = await onboardTenant(
      {
        dataSource: deps.dataSource,
        sessions: deps.sessions,
        resolver: deps.resolver,
        ...(deps.afterStep ? { afterStep: deps.afterStep } : {}),
      },
      {
        slug: body.tenantSlug,
        name: body.tenantName,
        email: body.email,
        password: body.password,
        displayName: body.displayName,
        sessionUserId: principal?.kind === 'member' ? principal.userId : undefined,
        client: {
          ip: currentContext()?.clientIp ?? null,
          userAgent: req.get('user-agent') ?? null,
        },
      },
    );
    const url = tenantBaseUrl(`${result.tenant.slug}.${deps.baseDomain}`, deps.urls);
    res.status(201).json({
      tenant: { ...presentTenant(result.tenant), url },
      user: presentUser(result.user),
      accessToken: result.session.accessToken,
      refreshToken: result.session.refreshToken,
      expiresIn: result.session.expiresIn,
    });
  });
  return router;
}
