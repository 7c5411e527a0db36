/**
 * Decides when a document needs compacting: after `maxUpdates` log rows, `maxBytes` of them, or
 * `maxAgeMs` since the first row not yet folded — whichever comes first. It learns about rows from
 * the storage (each committed group, and the tail each load found) and asks for a compaction
 * through `request` (the collab module enqueues a deduplicated job). Counts are per node: another
 * node writing the same document triggers its own requests, and the job's dedupe and the lease
 * keep it to one compaction at a time.
 */
import type { RoomLogger } from '../room/index.js';
import type { RoomKey } from './room-key.js';

/** When to compact (all three apply; the first reached wins). */
export interface CompactionPolicy {
  readonly maxUpdates: number;
  readonly maxBytes: number;
  readonly maxAgeMs: number;
}

/** Defaults: a cold load then reads a snapshot plus at most about a thousand small rows. */
export const DEFAULT_COMPACTION_POLICY: CompactionPolicy = {
  maxUpdates: 1000,
  maxBytes: 1024 * 1024,
  maxAgeMs: 60_000,
};

interface Pending {
  readonly key: RoomKey;
  updates: number;
  bytes: number;
  /** Date.now() when the oldest row counted here was seen. */
  readonly since: number;
}

/** Tracks unfolded log rows per document and requests compactions; see the file comment. */
export class CompactionScheduler {
  private readonly pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly request: (key: RoomKey) => Promise<unknown>,
    private readonly policy: CompactionPolicy,
    private readonly logger: RoomLogger,
  ) {
    for (const [name, value] of Object.entries(policy)) {
      if (!(value > 0)) throw new RangeError(`compaction ${name} must be positive, got ${value}`);
    }
  }

  /** Documents with rows counted but not yet requested. */
  get trackedCount(): number {
    return this.pending.size;
  }

  /** `updates` rows of `bytes` were written to (or found in) a document's log. */
  observe(key: RoomKey, updates: number, bytes: number): void {
    if (updates === 0) return;
    const id = `${key.tenantId}:${key.documentId}`;
    let entry = this.pending.get(id);
    if (entry === undefined) {
      entry = { key, updates: 0, bytes: 0, since: Date.now() };
      this.pending.set(id, entry);
    }
    entry.updates += updates;
    entry.bytes += bytes;
    if (entry.updates >= this.policy.maxUpdates || entry.bytes >= this.policy.maxBytes) {
      this.fire(id, entry);
    }
  }

  /** Starts the age sweep (documents that stopped short of the count and size thresholds). */
  start(): void {
    const interval = Math.max(50, Math.min(5000, this.policy.maxAgeMs / 2));
    this.timer ??= setInterval(() => this.sweep(), interval);
    this.timer.unref();
  }

  /** Stops sweeping; documents still counted are compacted by a later load or write. */
  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Requests every document whose oldest unfolded row is older than maxAgeMs. */
  sweep(now = Date.now()): void {
    for (const [id, entry] of this.pending) {
      if (now - entry.since >= this.policy.maxAgeMs) this.fire(id, entry);
    }
  }

  private fire(id: string, entry: Pending): void {
    this.pending.delete(id);
    this.request(entry.key).catch((error: unknown) => {
      // Put the count back with its age, so the next sweep (not this instant) asks again.
      this.logger.warn({ error, documentId: entry.key.documentId }, 'compaction request failed');
      const newer = this.pending.get(id);
      this.pending.set(id, {
        key: entry.key,
        updates: entry.updates + (newer?.updates ?? 0),
        bytes: entry.bytes + (newer?.bytes ?? 0),
        since: entry.since,
      });
    });
  }
}
