/**
 * The collab module's durability, assembled: the PostgreSQL room storage (group commits), the
 * compaction scheduler fed by what the storage writes and loads, and the compaction job it
 * enqueues on the node's job queue (processed by whichever node runs the worker role).
 */
import type { DataSource } from 'typeorm';
import type { JobQueue } from '../../platform/queue/queue.port.js';
import type { RoomLogger } from './room/index.js';
import type { CollabMetrics } from './collab.metrics.js';
import { compactDocumentJob, compactionJobId } from './compaction.processor.js';
import {
  CompactionScheduler,
  DEFAULT_COMPACTION_POLICY,
  type CompactionPolicy,
} from './storage/compaction-scheduler.js';
import { DocumentCompactor } from './storage/document-compactor.js';
import { FoldPool } from './storage/fold-pool.js';
import {
  PostgresRoomStorage,
  type PostgresRoomStorageOptions,
} from './storage/postgres-room-storage.js';

export interface CollabPersistenceOptions {
  readonly dataSource: DataSource;
  readonly queue: JobQueue;
  /** Names this node in compaction leases. */
  readonly nodeId: string;
  readonly logger: RoomLogger;
  readonly metrics?: CollabMetrics;
  readonly storage?: Omit<PostgresRoomStorageOptions, 'onFlush' | 'onLoad'>;
  readonly compaction?: Partial<CompactionPolicy>;
}

/** Storage, scheduler and compactor of one node. */
export interface CollabPersistence {
  readonly storage: PostgresRoomStorage;
  readonly scheduler: CompactionScheduler;
  readonly compactor: DocumentCompactor;
  /**
   * Writes what is buffered, then stops scheduling (after the rooms shut down) and ends the fold
   * worker once the folds in flight are done; a compaction that starts later fails and is retried.
   */
  close(): Promise<void>;
}

/**
 * Folds up to this size run on the event loop: about 3.5 ms for a 38 KB snapshot plus 1,000 typing
 * rows, measured on the 2-core dev machine with Yjs warm.
 */
export const INLINE_FOLD_MAX_BYTES = 64 * 1024;

/** Wires storage → scheduler → queue → compactor; see the file comment. */
export function createCollabPersistence(options: CollabPersistenceOptions): CollabPersistence {
  const { queue, metrics, logger } = options;
  // Folds of large documents run in a worker thread (on the event loop they would stall every
  // room on the node); small ones inline, where Yjs is hot (fold-pool.ts).
  const foldPool = new FoldPool({ logger, inlineMaxBytes: INLINE_FOLD_MAX_BYTES });
  const compactor = new DocumentCompactor(options.dataSource, {
    holderPrefix: options.nodeId,
    fold: foldPool.fold,
  });
  const job = compactDocumentJob({ compactor, logger, ...(metrics ? { metrics } : {}) });
  queue.register(job);
  const scheduler = new CompactionScheduler(
    (key) => queue.enqueue(job, key, { jobId: compactionJobId(key) }),
    { ...DEFAULT_COMPACTION_POLICY, ...options.compaction },
    logger,
  );
  const storage = new PostgresRoomStorage(options.dataSource, {
    ...options.storage,
    onFlush: (info) => {
      metrics?.observeFlush(info);
      for (const growth of info.perDocument) {
        const key = { tenantId: info.tenantId, documentId: growth.documentId };
        scheduler.observe(key, growth.updates, growth.bytes);
      }
    },
    onLoad: (tenantId, tail) =>
      scheduler.observe({ tenantId, documentId: tail.documentId }, tail.updates, tail.bytes),
  });
  scheduler.start();
  return {
    storage,
    scheduler,
    compactor,
    close: async () => {
      await storage.close();
      scheduler.stop();
      await foldPool.close();
    },
  };
}
