import type { DataSource } from 'typeorm';
import { withTenant } from '../../platform/db/unit-of-work.js';
import type { Logger } from '../../platform/logging/logger.js';
import type { OutboxEvent, OutboxHandler } from '../events/index.js';
import { publishedPaths, type CdnInvalidator } from './cdn-invalidator.js';
import { DOCUMENT_METADATA_EVENTS, PUBLICATION_EVENTS } from './published-reads.js';

/** The slugs an event's payload names: the document's, and the one it had before a change. */
function payloadSlugs(event: OutboxEvent): string[] {
  const { slug, previous } = event.payload as { slug?: unknown; previous?: { slug?: unknown } };
  return [slug, previous?.slug].filter((s): s is string => typeof s === 'string');
}

/**
 * The outbox handler that purges the CDN once per change of published content, fleet-wide (the
 * outbox delivers each event on one node). After commit, and best effort: a failed purge is logged,
 * and the CDN's own max-age (60 s, plus stale-while-revalidate) bounds how long it serves stale.
 *
 * Publications purge the document's paths. A rename or new slug purges them (old slug and new)
 * only while the document is published: the CDN holds nothing else of it. A deletion always
 * purges, since the publication row went with the document and cannot be asked any more.
 */
export function cdnInvalidationHandler(deps: {
  readonly dataSource: DataSource;
  readonly logger: Logger;
  readonly cdn: CdnInvalidator;
}): OutboxHandler {
  async function current(tenantId: string, documentId: string) {
    const rows = await withTenant(deps.dataSource, tenantId, (tx) =>
      tx.query<{ slug: string; is_published: boolean }[]>(
        `SELECT d.slug, EXISTS (SELECT 1 FROM document_publications p
                                 WHERE p.tenant_id = d.tenant_id AND p.document_id = d.id)
                  AS is_published
           FROM documents d WHERE d.tenant_id = $1 AND d.id = $2`,
        [tenantId, documentId],
      ),
    );
    return rows[0] ?? null;
  }

  async function purge(event: OutboxEvent, documentId: string): Promise<void> {
    let slugs: string[];
    if (PUBLICATION_EVENTS.has(event.type)) {
      const row = await current(event.tenantId, documentId);
      slugs = row ? [row.slug] : [];
    } else if (event.type === 'document.updated') {
      const row = await current(event.tenantId, documentId);
      if (!row?.is_published) return;
      slugs = payloadSlugs(event);
    } else {
      slugs = payloadSlugs(event);
    }
    const paths = new Set<string>();
    for (const slug of slugs.length > 0 ? slugs : [null]) {
      for (const path of publishedPaths(documentId, slug)) paths.add(path);
    }
    await deps.cdn.invalidate([...paths], `folio-${event.id}`);
  }

  return {
    name: 'publishing-cdn',
    afterCommit(event) {
      const relevant =
        PUBLICATION_EVENTS.has(event.type) || DOCUMENT_METADATA_EVENTS.has(event.type);
      if (!relevant || !event.documentId) return;
      purge(event, event.documentId).catch((error: unknown) => {
        deps.logger.warn({ error, eventId: event.id }, 'CDN invalidation failed');
      });
    },
  };
}
