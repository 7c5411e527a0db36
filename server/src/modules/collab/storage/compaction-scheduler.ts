/**
 * Decides when a document needs compacting: after `maxUpdates` log rows, `maxBytes` of them, or
 * `maxAgeMs` since the first row not yet folded — whichever comes first. It learns about rows from
 * the storage (each committed group, and the tail each load found) and asks for a compaction
 * through `request` (the collab module enqueues a deduplicated job). Counts are per node: another
 * node writing the same document triggers its own requests, and the job's dedupe and the lease
 * keep it to one compaction at a time.
 *
 * A request can be absorbed by a job that is already running and read the log before the rows
 * that triggered it (the queue dedupes by document). So a document stays tracked after a request:
 * `maxAgeMs` later it is requested once more — for the rows seen since, or, with none, as a check
 * that finds nothing to do when the earlier job folded everything — and only then forgotten.
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
  /** Date.now() when the oldest row counted here was seen, or of the last request. */
  since: number;
  /** The last request may have been absorbed by a running job: ask once more when due. */
  isUnconfirmed: boolean;
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
    let count = 0;
    for (const entry of this.pending.values()) if (entry.updates > 0) count += 1;
    return count;
  }

  /** `updates` rows of `bytes` were written to (or found in) a document's log. */
  observe(key: RoomKey, updates: number, bytes: number): void {
    if (updates === 0) return;
    const id = `${key.tenantId}:${key.documentId}`;
    let entry = this.pending.get(id);
    if (entry === undefined) {
      entry = { key, updates: 0, bytes: 0, since: Date.now(), isUnconfirmed: false };
      this.pending.set(id, entry);
    } else if (entry.updates === 0) {
      entry.since = Date.now();
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
      if (now - entry.since < this.policy.maxAgeMs) continue;
      if (entry.updates > 0) this.fire(id, entry);
      else if (entry.isUnconfirmed) this.fire(id, entry, false);
      // Quiet since a confirmed request: nothing left to fold; stop tracking.
      else this.pending.delete(id);
    }
  }

  /** Requests a compaction; `mayBeAbsorbed` false for the final check, which ends the tracking. */
  private fire(id: string, entry: Pending, mayBeAbsorbed = true): void {
    const { updates, bytes, since } = entry;
    const next = { key: entry.key, updates: 0, bytes: 0, since: Date.now() };
    this.pending.set(id, { ...next, isUnconfirmed: mayBeAbsorbed });
    this.request(entry.key).catch((error: unknown) => {
      // Put the count back with its age, so the next sweep (not this instant) asks again.
      this.logger.warn({ error, documentId: entry.key.documentId }, 'compaction request failed');
      const newer = this.pending.get(id);
      this.pending.set(id, {
        key: entry.key,
        updates: updates + (newer?.updates ?? 0),
        bytes: bytes + (newer?.bytes ?? 0),
        since,
        isUnconfirmed: true,
      });
    });
  }
}
