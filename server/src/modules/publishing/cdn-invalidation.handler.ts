import type { DataSource } from 'typeorm';
import { withTenant } from '../../platform/db/unit-of-work.js';
import type { Logger } from '../../platform/logging/logger.js';
import type { OutboxHandler } from '../events/index.js';
import { publishedPaths, type CdnInvalidator } from './cdn-invalidator.js';
import { PUBLICATION_EVENTS } from './published-reads.js';

/**
 * The outbox handler that purges the CDN once per publication change, fleet-wide (the outbox
 * delivers each event on one node). After commit, and best effort: a failed purge is logged, and
 * the CDN's own max-age (60 s, plus stale-while-revalidate) bounds how long it serves stale.
 */
export function cdnInvalidationHandler(deps: {
  readonly dataSource: DataSource;
  readonly logger: Logger;
  readonly cdn: CdnInvalidator;
}): OutboxHandler {
  async function purge(tenantId: string, documentId: string, eventId: string): Promise<void> {
    const rows = await withTenant(deps.dataSource, tenantId, (tx) =>
      tx.query<{ slug: string }[]>(`SELECT slug FROM documents WHERE tenant_id = $1 AND id = $2`, [
        tenantId,
        documentId,
      ]),
    );
    await deps.cdn.invalidate(
      publishedPaths(documentId, rows[0]?.slug ?? null),
      `folio-${eventId}`,
    );
  }

  return {
    name: 'publishing-cdn',
    afterCommit(event) {
      if (!PUBLICATION_EVENTS.has(event.type) || !event.documentId) return;
      purge(event.tenantId, event.documentId, event.id).catch((error: unknown) => {
        deps.logger.warn({ error, eventId: event.id }, 'CDN invalidation failed');
      });
    },
  };
}
