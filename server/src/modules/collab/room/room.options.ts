/**
 * Limits and timings of a room. Every limit is answered with a close code (close-codes.ts); the
 * defaults suit a single node and are meant to be overridden from configuration and per plan.
 */

/** A token bucket: `burst` messages at once, refilled at `perSecond`. */
export interface RateLimit {
  readonly burst: number;
  readonly perSecond: number;
}

/** Exponential backoff between retries: initial, doubled per failure, capped. */
export interface Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
}

/** Limits enforced per room and per connection (SPEC.md R18–R24). */
export interface RoomLimits {
  /** Largest single message accepted from a client (bytes). */
  readonly maxMessageBytes: number;
  /** Largest encoded document state a client update may grow the document to (bytes; per plan). */
  readonly maxDocumentBytes: number;
  /** Connections per room, counting those waiting for the load. */
  readonly maxConnections: number;
  /** Sync messages (step 1, step 2, update) per connection. */
  readonly updateRate: RateLimit;
  /** Awareness messages that change something, and awareness queries, per connection. */
  readonly awarenessRate: RateLimit;
  /** Distinct Yjs client ids one connection may publish awareness for. */
  readonly maxAwarenessClientsPerConnection: number;
  /** Send-buffer ceiling (bytes): above it the connection is a slow consumer and is closed. */
  readonly maxBufferedBytes: number;
  /** Messages a connection may send before the document finished loading. */
  readonly maxQueuedMessagesWhileLoading: number;
  /** Bytes of updates not yet durable above which client updates are refused. */
  readonly maxUnpersistedBytes: number;
}

/** Timers of a room (SPEC.md R27, R28, R30). */
export interface RoomTimings {
  /** How long an empty room stays in memory before it flushes and unloads. */
  readonly idleUnloadMs: number;
  /** Retry schedule for failed appends and failed final flushes. */
  readonly flushRetry: Backoff;
  /** Final-flush attempts during a shutdown before closing clients anyway (they keep their edits). */
  readonly shutdownFlushAttempts: number;
  /** How long a loading room waits for its peers' sync replies before serving (R32). */
  readonly peerSyncWaitMs: number;
  /** How long a peer's update may stay unconfirmed before this node persists it too (R35). */
  readonly peerAckTimeoutMs: number;
  /**
   * How long a durability confirmation waits to ride on this room's next update before it is
   * sent on its own (R34): while someone types, confirmations cost no message of their own.
   */
  readonly peerAckDelayMs: number;
}

const MiB = 1024 * 1024;

/** Defaults for one node; plans and configuration override them. */
export const DEFAULT_ROOM_LIMITS: RoomLimits = {
  maxMessageBytes: 4 * MiB,
  maxDocumentBytes: 16 * MiB,
  maxConnections: 250,
  updateRate: { burst: 200, perSecond: 100 },
  awarenessRate: { burst: 60, perSecond: 30 },
  maxAwarenessClientsPerConnection: 4,
  maxBufferedBytes: 8 * MiB,
  maxQueuedMessagesWhileLoading: 64,
  maxUnpersistedBytes: 32 * MiB,
};

/** Default timings. */
export const DEFAULT_ROOM_TIMINGS: RoomTimings = {
  idleUnloadMs: 30_000,
  flushRetry: { initialMs: 250, maxMs: 30_000 },
  shutdownFlushAttempts: 5,
  peerSyncWaitMs: 500,
  peerAckTimeoutMs: 3000,
  peerAckDelayMs: 100,
};

/** Fills in defaults and rejects nonsensical values early (a zero burst would close everyone). */
export function resolveLimits(overrides: Partial<RoomLimits> = {}): RoomLimits {
  const limits = { ...DEFAULT_ROOM_LIMITS, ...overrides };
  const positive: [string, number][] = [
    ['maxMessageBytes', limits.maxMessageBytes],
    ['maxDocumentBytes', limits.maxDocumentBytes],
    ['maxConnections', limits.maxConnections],
    ['updateRate.burst', limits.updateRate.burst],
    ['updateRate.perSecond', limits.updateRate.perSecond],
    ['awarenessRate.burst', limits.awarenessRate.burst],
    ['awarenessRate.perSecond', limits.awarenessRate.perSecond],
    ['maxAwarenessClientsPerConnection', limits.maxAwarenessClientsPerConnection],
    ['maxBufferedBytes', limits.maxBufferedBytes],
    ['maxQueuedMessagesWhileLoading', limits.maxQueuedMessagesWhileLoading],
    ['maxUnpersistedBytes', limits.maxUnpersistedBytes],
  ];
  for (const [name, value] of positive) {
    if (!(value > 0)) throw new RangeError(`room limit ${name} must be positive, got ${value}`);
  }
  return limits;
}

/** Fills in default timings. */
export function resolveTimings(overrides: Partial<RoomTimings> = {}): RoomTimings {
  const timings = { ...DEFAULT_ROOM_TIMINGS, ...overrides };
  if (timings.idleUnloadMs < 0) throw new RangeError('idleUnloadMs must not be negative');
  if (
    timings.flushRetry.initialMs <= 0 ||
    timings.flushRetry.maxMs < timings.flushRetry.initialMs
  ) {
    throw new RangeError('flushRetry needs 0 < initialMs <= maxMs');
  }
  if (timings.shutdownFlushAttempts < 1) throw new RangeError('shutdownFlushAttempts must be >= 1');
  if (!(timings.peerSyncWaitMs >= 0)) throw new RangeError('peerSyncWaitMs must not be negative');
  if (!(timings.peerAckTimeoutMs > 0)) throw new RangeError('peerAckTimeoutMs must be positive');
  if (!(timings.peerAckDelayMs >= 0 && timings.peerAckDelayMs < timings.peerAckTimeoutMs / 2)) {
    throw new RangeError('peerAckDelayMs must be at least 0 and under half of peerAckTimeoutMs');
  }
  return timings;
}
