import { Router, type Response } from 'express';
import { decodeCursor, encodeCursor } from '../../platform/db/keyset-cursor.js';
import { withTenant } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors.js';
import { parseIfMatchRevisions } from '../../platform/http/etag.js';
import { parseInput } from '../../platform/http/validate.js';
import { requirePermission } from '../access/index.js';
import {
  createEndpoint,
  deleteEndpoint,
  rotateSecret,
  revokeSecret,
  updateEndpoint,
  type EndpointCommandDeps,
} from './endpoint.commands.js';
import { endpointRepository } from './endpoint.repository.js';
import { endpointEtag, presentEndpoint } from './webhook.presenter.js';
import { createWebhookBody, listWebhooksQuery, updateWebhookBody } from './webhooks.schema.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id from the path; one that cannot exist is simply not found. */
export function pathId(raw: unknown, what: string): string {
  if (typeof raw !== 'string' || !UUID.test(raw))
    throw new AppError('not_found', `No such ${what}`);
  return raw.toLowerCase();
}

function sendEndpoint(res: Response, status: number, body: object, revision: number): void {
  res.status(status).setHeader('ETag', `"${revision}"`).json(body);
}

/** `/api/v1/webhooks`: endpoints and their secrets (permission `webhooks.manage`). */
export function endpointsRoutes(deps: EndpointCommandDeps): Router {
  const router = Router({ mergeParams: true });

  router.get('/', async (req, res) => {
    const principal = requirePermission(res, 'webhooks.manage');
    const query = parseInput(listWebhooksQuery, req.query, 'query');
    const rows = await withTenant(deps.dataSource, principal.tenantId, (tx) =>
      endpointRepository.page(tx, principal.tenantId, {
        limit: query.limit + 1,
        ...(query.cursor ? { after: decodeCursor(query.cursor) } : {}),
      }),
    );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    res.json({
      items: page.map(presentEndpoint),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.keyset) : null,
    });
  });

  router.post('/', async (req, res) => {
    const principal = requirePermission(res, 'webhooks.manage');
    const body = parseInput(createWebhookBody, req.body);
    const { endpoint, secret } = await createEndpoint(deps, {
      tenantId: principal.tenantId,
      createdBy: principal.kind === 'member' ? principal.userId : null,
      body,
    });
    sendEndpoint(res, 201, { ...presentEndpoint(endpoint), secret }, endpoint.revision);
  });

  router.get('/:endpointId', async (req, res) => {
    const principal = requirePermission(res, 'webhooks.manage');
    const endpointId = pathId(req.params.endpointId, 'webhook');
    const endpoint = await withTenant(deps.dataSource, principal.tenantId, (tx) =>
      endpointRepository.find(tx, principal.tenantId, endpointId),
    );
    if (!endpoint) throw new AppError('not_found', 'No such webhook');
    res.setHeader('ETag', endpointEtag(endpoint)).json(presentEndpoint(endpoint));
  });

  router.patch('/:endpointId', async (req, res) => {
    const principal = requirePermission(res, 'webhooks.manage');
    const ref = {
      tenantId: principal.tenantId,
      endpointId: pathId(req.params.endpointId, 'webhook'),
      expectedRevisions: parseIfMatchRevisions(req.get('If-Match')),
    };
    const endpoint = await updateEndpoint(deps, ref, parseInput(updateWebhookBody, req.body));
    sendEndpoint(res, 200, presentEndpoint(endpoint), endpoint.revision);
  });

  router.delete('/:endpointId', async (req, res) => {
    const principal = requirePermission(res, 'webhooks.manage');
    await deleteEndpoint(deps, {
      tenantId: principal.tenantId,
      endpointId: pathId(req.params.endpointId, 'webhook'),
      expectedRevisions: parseIfMatchRevisions(req.get('If-Match')),
    });
    res.status(204).end();
  });

  router.post('/:endpointId/secrets', async (req, res) => {
    const principal = requirePermission(res, 'webhooks.manage');
    const { endpoint, secret } = await rotateSecret(deps, {
      tenantId: principal.tenantId,
      endpointId: pathId(req.params.endpointId, 'webhook'),
      expectedRevisions: parseIfMatchRevisions(req.get('If-Match')),
    });
    sendEndpoint(res, 201, { ...presentEndpoint(endpoint), secret }, endpoint.revision);
  });

  router.delete('/:endpointId/secrets/:secretId', async (req, res) => {
    const principal = requirePermission(res, 'webhooks.manage');
    const endpoint = await revokeSecret(deps, {
      tenantId: principal.tenantId,
      endpointId: pathId(req.params.endpointId, 'webhook'),
      secretId: pathId(req.params.secretId, 'secret'),
      expectedRevisions: parseIfMatchRevisions(req.get('If-Match')),
    });
    sendEndpoint(res, 200, presentEndpoint(endpoint), endpoint.revision);
  });

  return router;
}
