import { Router, type Response } from 'express';
import type { DataSource } from 'typeorm';
import { currentContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { parseInput } from '../../platform/http/validate.js';
import { principalSlot, requirePermission } from '../access/index.js';
import { withTenant } from '../../platform/db/unit-of-work.js';
import { acceptInvitation } from './commands/acceptInvitation.js';
import { createInvitation } from './commands/createInvitation.js';
import { resendInvitation } from './commands/resendInvitation.js';
import { revokeInvitation } from './commands/revokeInvitation.js';
import { decodeCursor, encodeCursor } from '../../platform/db/keyset-cursor.js';
import { invitationRepository, type Invitation } from './invitation.repository.js';
import { presentInvitation, presentIssuedInvitation } from './invitation.presenter.js';
import {
  acceptInvitationBody,
  createInvitationBody,
  listInvitationsQuery,
} from './invitations.schema.js';
import { uuidParam } from './route-params.js';
import type { SessionStarter } from './sessions.port.js';
import { tenantSlot, tenantSourceSlot } from './tenancy.http.js';
import { presentTenantSummary, presentUser } from './tenant.presenter.js';
import type { ResolvedTenant } from './tenant-resolver.js';
import { tenantBaseUrl, type TenantUrlOptions } from './tenant-url.js';

export interface InvitationRouteDeps {
  dataSource: DataSource;
  sessions: SessionStarter;
  resolver: { byId(id: string): Promise<ResolvedTenant | null> };
  urls: TenantUrlOptions;
}

/**
 * The page of the admin UI that accepts an invitation. The token travels in the fragment, which
 * browsers never send to servers or in Referer headers, so it stays out of access logs.
 */
function acceptUrl(tenant: ResolvedTenant, urls: TenantUrlOptions, token: string): string {
  return `${tenantBaseUrl(tenant.primaryHost, urls)}/accept-invitation#token=${encodeURIComponent(token)}`;
}

/** The tenant a host or header named (not one taken from a token), which an accepted token must match. */
function namedTenantId(res: Response): string | undefined {
  const source = tenantSourceSlot.get(res);
  return source === 'host' || source === 'header' ? tenantSlot.get(res)?.tenant.id : undefined;
}

/**
 * `/api/v1/invitations`: list, create, resend and revoke (permission `invitations.manage`), and
 * accept (public: the token is the credential). There is no mailer yet, so create and resend
 * return the link for the admin to hand over — by design until one exists; only its digest is
 * stored and the audit log records that a link was issued, never the link.
 */
export function invitationRoutes(deps: InvitationRouteDeps): Router {
  const router = Router();
  const issued = (res: Response, result: { invitation: Invitation; token: string }) =>
    presentIssuedInvitation(
      result.invitation,
      result.token,
      acceptUrl(tenantSlot.require(res), deps.urls, result.token),
    );

  router.get('/', async (req, res) => {
    const principal = requirePermission(res, 'invitations.manage');
    const query = parseInput(listInvitationsQuery, req.query, 'query');
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await withTenant(deps.dataSource, principal.tenantId, (tx) =>
      invitationRepository.list(tx, principal.tenantId, {
        limit: query.limit + 1,
        after,
        status: query.status,
      }),
    );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    res.json({
      items: page.map((i) => presentInvitation(i)),
      nextCursor:
        rows.length > query.limit && last
          ? encodeCursor({ createdAt: last.cursorTs, id: last.id })
          : null,
    });
  });

  router.post('/', async (req, res) => {
    const principal = requirePermission(res, 'invitations.manage');
    const body = parseInput(createInvitationBody, req.body);
    res.status(201).json(issued(res, await createInvitation(deps.dataSource, principal, body)));
  });

  router.post('/accept', async (req, res) => {
    const body = parseInput(acceptInvitationBody, req.body);
    const principal = principalSlot.get(res);
    const result = await acceptInvitation(deps, {
      token: body.token,
      password: body.password,
      displayName: body.displayName,
      sessionUserId: principal?.kind === 'member' ? principal.userId : undefined,
      requestTenantId: namedTenantId(res),
      client: {
        ip: currentContext()?.clientIp ?? null,
        userAgent: req.get('user-agent') ?? null,
      },
    });
    const resolved = await deps.resolver.byId(result.tenant.id);
    if (!resolved) throw new AppError('not_found', 'Unknown tenant');
    res.status(201).json({
      tenant: {
        ...presentTenantSummary(result.tenant),
        url: tenantBaseUrl(resolved.primaryHost, deps.urls),
      },
      user: presentUser(result.user),
      role: result.role,
      accessToken: result.session.accessToken,
      refreshToken: result.session.refreshToken,
      expiresIn: result.session.expiresIn,
    });
  });

  router.post('/:id/resend', async (req, res) => {
    const principal = requirePermission(res, 'invitations.manage');
    const id = uuidParam(req.params.id, 'Invitation');
    res.json(issued(res, await resendInvitation(deps.dataSource, principal, id)));
  });

  router.delete('/:id', async (req, res) => {
    const principal = requirePermission(res, 'invitations.manage');
    const id = uuidParam(req.params.id, 'Invitation');
    res.json({
      invitation: presentInvitation(await revokeInvitation(deps.dataSource, principal, id)),
    });
  });

  return router;
}
