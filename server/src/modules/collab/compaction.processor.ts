/**
 * The compaction job (`collab.compact`): one per document at a time across the fleet — the queue
 * dedupes pending jobs by document, and the lease inside DocumentCompactor fences off any overlap
 * that remains (a retried attempt, a stalled worker, two nodes' queues in the embedded mode).
 */
import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../platform/queue/queue.port.js';
import type { RoomLogger } from './room/index.js';
import type { CollabMetrics } from './collab.metrics.js';
import type { DocumentCompactor } from './storage/document-compactor.js';
import type { RoomKey } from './storage/room-key.js';

const payloadSchema = z.object({ tenantId: z.uuid(), documentId: z.uuid() });

/** The job id that makes a pending compaction of a document unique in the queue. */
export function compactionJobId(key: RoomKey): string {
  return `collab.compact.${key.tenantId}.${key.documentId}`;
}

/** The job definition, bound to this node's compactor. */
export function compactDocumentJob(deps: {
  compactor: DocumentCompactor;
  logger: RoomLogger;
  metrics?: CollabMetrics;
}): JobDefinition<RoomKey> {
  return defineJob<RoomKey>({
    name: 'collab.compact',
    attempts: 5,
    backoff: { type: 'exponential', delayMs: 1000 },
    timeoutMs: 50_000,
    concurrency: 1,
    schema: payloadSchema,
    handle: async (key) => {
      const started = performance.now();
      const outcome = await deps.compactor.compact(key).catch((error: unknown) => {
        deps.metrics?.observeCompaction('failed', (performance.now() - started) / 1000);
        throw error;
      });
      deps.metrics?.observeCompaction(outcome.kind, (performance.now() - started) / 1000);
      if (outcome.kind === 'fenced') {
        deps.logger.warn({ documentId: key.documentId }, 'compaction fenced off by a newer lease');
      }
    },
  });
}
