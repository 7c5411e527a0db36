import { Router } from 'express';
import { decodeCursor, encodeCursor } from '../../platform/db/keyset-cursor.js';
import { withTenant } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors.js';
import { parseInput } from '../../platform/http/validate.js';
import { requirePermission } from '../access/index.js';
import { pingEndpoint, redeliver, type DeliveryCommandDeps } from './delivery.commands.js';
import { deliveryRepository } from './delivery.repository.js';
import { endpointRepository } from './endpoint.repository.js';
import { presentDelivery } from './webhook.presenter.js';
import { pathId } from './webhooks.routes.js';
import { listDeliveriesQuery } from './webhooks.schema.js';

/** `/api/v1/webhooks/:endpointId/…`: the delivery log, redelivery and ping. */
export function deliveriesRoutes(deps: DeliveryCommandDeps): Router {
  const router = Router({ mergeParams: true });

  router.get('/:endpointId/deliveries', async (req, res) => {
    const principal = requirePermission(res, 'webhooks.manage');
    const endpointId = pathId(req.params.endpointId, 'webhook');
    const query = parseInput(listDeliveriesQuery, req.query, 'query');
    const rows = await withTenant(deps.dataSource, principal.tenantId, async (tx) => {
      if (!(await endpointRepository.find(tx, principal.tenantId, endpointId)))
        throw new AppError('not_found', 'No such webhook');
      return deliveryRepository.page(tx, principal.tenantId, endpointId, {
        limit: query.limit + 1,
        ...(query.cursor ? { after: decodeCursor(query.cursor) } : {}),
        ...(query.status ? { status: query.status } : {}),
      });
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    res.json({
      items: page.map((d) => presentDelivery(d)),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.keyset) : null,
    });
  });

  router.get('/:endpointId/deliveries/:deliveryId', async (req, res) => {
    const principal = requirePermission(res, 'webhooks.manage');
    const endpointId = pathId(req.params.endpointId, 'webhook');
    const deliveryId = pathId(req.params.deliveryId, 'delivery');
    const delivery = await withTenant(deps.dataSource, principal.tenantId, (tx) =>
      deliveryRepository.find(tx, principal.tenantId, deliveryId),
    );
    if (!delivery || delivery.endpointId !== endpointId)
      throw new AppError('not_found', 'No such delivery');
    res.json(presentDelivery(delivery, true));
  });

  router.post('/:endpointId/deliveries/:deliveryId/redeliver', async (req, res) => {
    const principal = requirePermission(res, 'webhooks.manage');
    const delivery = await redeliver(deps, {
      tenantId: principal.tenantId,
      endpointId: pathId(req.params.endpointId, 'webhook'),
      deliveryId: pathId(req.params.deliveryId, 'delivery'),
    });
    res.status(202).json(presentDelivery(delivery, true));
  });

  router.post('/:endpointId/ping', async (req, res) => {
    const principal = requirePermission(res, 'webhooks.manage');
    const delivery = await pingEndpoint(deps, {
      tenantId: principal.tenantId,
      endpointId: pathId(req.params.endpointId, 'webhook'),
      requester:
        principal.kind === 'member'
          ? { type: 'user', id: principal.userId }
          : { type: 'apiKey', id: principal.apiKeyId },
    });
    res.status(202).json(presentDelivery(delivery, true));
  });

  return router;
}
