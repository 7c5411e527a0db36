import { Router, type Request } from 'express';
import { currentContext } from '../../platform/context.js';
import { withGlobal, withTenant } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors.js';
import { parseInput } from '../../platform/http/validate.js';
import { emptyBody, loginBody, refreshBody } from './auth.schema.js';
import { loginUser } from './commands/loginUser.js';
import { logoutAllSessions, logoutSession } from './commands/logoutSession.js';
import { refreshSession } from './commands/refreshSession.js';
import type { IdentityRouteDeps } from './identity.deps.js';
import { requireMember } from './identity.http.js';
import { presentTenant, presentTokens, presentUser } from './identity.presenter.js';
import { boundTenantId, loadTenantSummary } from './request-tenant.js';
import { SecondFactor } from './second-factor.js';
import { SessionIssuer } from './session-issuer.js';
import { UserEntity } from './user.entity.js';

function userAgent(req: Request): string | undefined {
  return req.get('user-agent')?.slice(0, 512);
}

/** `/api/v1/auth`: login, refresh, logout and the signed-in member's own view. */
export function authRoutes(deps: IdentityRouteDeps): Router {
  const sessions = new SessionIssuer(deps.accessTokens, deps.secrets);
  const secondFactor = new SecondFactor(deps.secrets);
  const router = Router();

  router.post('/login', async (req, res) => {
    const body = parseInput(loginBody, req.body);
    const tenantId = boundTenantId();
    if (!tenantId) {
      throw new AppError('bad_request', 'tenant required: use the tenant host or X-Folio-Tenant');
    }
    const result = await loginUser(
      { dataSource: deps.dataSource, sessions, secondFactor, logger: deps.logger },
      {
        tenantId,
        email: body.email,
        password: body.password,
        totp: body.totp,
        ip: currentContext()?.clientIp,
        userAgent: userAgent(req),
      },
    );
    res.json({
      ...presentTokens(result.session),
      user: presentUser(result.user),
      tenant: presentTenant(result.tenant),
    });
  });

  router.post('/refresh', async (req, res) => {
    const body = parseInput(refreshBody, req.body);
    const session = await refreshSession(
      { dataSource: deps.dataSource, sessions },
      { refreshToken: body.refreshToken, boundTenantId: boundTenantId() },
    );
    res.json(presentTokens(session));
  });

  router.post('/logout', async (req, res) => {
    parseInput(emptyBody, req.body);
    const member = requireMember(res);
    await withTenant(deps.dataSource, member.tenantId, (tx) => logoutSession(tx, member));
    await deps.accessChanges.publish({
      tenantId: member.tenantId,
      userId: member.userId,
      reason: 'session_revoked',
    });
    res.status(204).end();
  });

  router.post('/logout-all', async (req, res) => {
    parseInput(emptyBody, req.body);
    const member = requireMember(res);
    await withTenant(deps.dataSource, member.tenantId, (tx) => logoutAllSessions(tx, member));
    await deps.accessChanges.publish({
      tenantId: member.tenantId,
      userId: member.userId,
      reason: 'session_revoked',
    });
    res.status(204).end();
  });

  router.get('/me', async (_req, res) => {
    const member = requireMember(res);
    const { user, tenant } = await withGlobal(deps.dataSource, async (tx) => ({
      user: await tx.getRepository(UserEntity).findOneBy({ id: member.userId }),
      tenant: await loadTenantSummary(tx, member.tenantId),
    }));
    if (!user || !tenant) throw new AppError('unauthenticated', 'Account no longer exists');
    res.json({
      user: presentUser(user),
      tenant: presentTenant(tenant),
      role: member.roleKey,
      permissions: [...member.permissions].sort(),
      mfaEnabled: secondFactor.isEnabled(user),
      sessionId: member.sessionId,
      isStaff: member.isStaff,
    });
  });

  return router;
}
