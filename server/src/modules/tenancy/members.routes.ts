import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { withTenant } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors.js';
import { ifMatchGuard, representationEtag } from '../../platform/http/etag.js';
import { parseInput } from '../../platform/http/validate.js';
import { requirePermission, requirePrincipal } from '../access/index.js';
import type { AccessChanges } from '../identity/index.js';
import { changeMemberRole } from './commands/changeMemberRole.js';
import { removeMember } from './commands/removeMember.js';
import { decodeCursor, encodeCursor } from '../../platform/db/keyset-cursor.js';
import { memberRepository } from './member.repository.js';
import { presentMember } from './member.presenter.js';
import { changeMemberBody, listMembersQuery } from './members.schema.js';
import { uuidParam } from './route-params.js';

/**
 * `/api/v1/members`: list (`members.read`), change a role (`members.manage`), remove
 * (`members.manage`, or a member leaving). Removal ends the member's sessions in this tenant.
 * One member's ETag tags its `member` object; PATCH and DELETE honour If-Match with it.
 */
export function memberRoutes(deps: {
  dataSource: DataSource;
  accessChanges: AccessChanges;
}): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const principal = requirePermission(res, 'members.read');
    const query = parseInput(listMembersQuery, req.query, 'query');
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await withTenant(deps.dataSource, principal.tenantId, (tx) =>
      memberRepository.list(tx, principal.tenantId, { limit: query.limit + 1, after }),
    );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    res.json({
      items: page.map(presentMember),
      nextCursor:
        rows.length > query.limit && last
          ? encodeCursor({ createdAt: last.cursorTs, id: last.userId })
          : null,
    });
  });

  router.get('/:userId', async (req, res) => {
    const principal = requirePermission(res, 'members.read');
    const userId = uuidParam(req.params.userId, 'Member');
    const member = await withTenant(deps.dataSource, principal.tenantId, (tx) =>
      memberRepository.find(tx, principal.tenantId, userId),
    );
    if (!member) throw new AppError('not_found', 'Member not found');
    const view = presentMember(member);
    res.setHeader('ETag', representationEtag(view)).json({ member: view });
  });

  router.patch('/:userId', async (req, res) => {
    const principal = requirePermission(res, 'members.manage');
    const userId = uuidParam(req.params.userId, 'Member');
    const body = parseInput(changeMemberBody, req.body);
    const member = await changeMemberRole(
      deps.dataSource,
      principal,
      userId,
      body.role,
      ifMatchGuard(req, presentMember, 'The member'),
    );
    await deps.accessChanges.publish({
      tenantId: principal.tenantId,
      userId,
      reason: 'role_changed',
    });
    const view = presentMember(member);
    res.setHeader('ETag', representationEtag(view)).json({ member: view });
  });

  router.delete('/:userId', async (req, res) => {
    // members.manage is checked by the command, since a member may always remove themselves.
    const principal = requirePrincipal(res);
    const userId = uuidParam(req.params.userId, 'Member');
    await removeMember(
      deps.dataSource,
      principal,
      userId,
      ifMatchGuard(req, presentMember, 'The member'),
    );
    await deps.accessChanges.publish({
      tenantId: principal.tenantId,
      userId,
      reason: 'member_removed',
    });
    res.status(204).end();
  });

  return router;
}
