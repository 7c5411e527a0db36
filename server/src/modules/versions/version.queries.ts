import type { EntityManager } from 'typeorm';
import type { DocumentContent } from '../collab/index.js';
import type { RenderedContent } from '../content/index.js';
import { readContent } from './commands/createVersion.js';
import type { VersionRecord, VersionSummary } from './version.record.js';
import { versionRepository } from './version.repository.js';

/** One version of one document (with its rendered content), or null. */
export function findVersion(
  tx: EntityManager,
  tenantId: string,
  documentId: string,
  versionId: string,
): Promise<VersionRecord | null> {
  return versionRepository.find(tx, tenantId, documentId, versionId);
}

/** The document's newest version, or null when it has none. */
export function latestVersion(
  tx: EntityManager,
  tenantId: string,
  documentId: string,
): Promise<VersionRecord | null> {
  return versionRepository.latest(tx, tenantId, documentId);
}

/** A page of versions, newest first; `nextBefore` continues below the last one when there are more. */
export async function listVersions(
  tx: EntityManager,
  tenantId: string,
  documentId: string,
  options: { limit: number; beforeNumber?: number },
): Promise<{ items: VersionSummary[]; nextBefore: number | null }> {
  const rows = await versionRepository.page(tx, tenantId, documentId, {
    limit: options.limit + 1,
    ...(options.beforeNumber === undefined ? {} : { beforeNumber: options.beforeNumber }),
  });
  const items = rows.slice(0, options.limit);
  const last = items[items.length - 1];
  return { items, nextBefore: rows.length > options.limit && last ? last.number : null };
}

/** The document's live content as it would be versioned now: rendered, and its hash. */
export async function currentContent(
  deps: { readonly content: Pick<DocumentContent, 'read'> },
  tenantId: string,
  documentId: string,
): Promise<{ rendered: RenderedContent; hash: string }> {
  const captured = await readContent(deps.content, tenantId, documentId);
  return { rendered: captured.rendered, hash: captured.contentHash };
}
