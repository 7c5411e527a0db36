/**
 * RoomMetrics on prom-client, registered on the node's own registry (SPEC.md R31). Rooms and
 * connections open are gauges read from the RoomManager at scrape time, so they can never drift
 * from the truth; flush duration and lag come from the storage's group commits, compaction
 * duration from the compaction job. Updates per second is `rate(folio_collab_updates_total)`.
 *
 * The per-message counters (updates, bytes in and out) run on every edit and every send, and a
 * prom-client `inc` hashes and validates its labels on each call, bound child or not: they are
 * summed in plain numbers and added to the counters when a scrape collects them, so a scrape shows
 * exactly what a direct `inc` would have.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { RejectReason, RoomManager, RoomMetrics } from './room/index.js';
import type { FlushInfo } from './storage/postgres-room-storage.js';

/** The collab metrics: the room core's hooks plus the storage's flush observer. */
export interface CollabMetrics extends RoomMetrics {
  observeFlush(info: FlushInfo): void;
  /** One compaction job attempt, by outcome (CompactionOutcome's kind, or `failed`). */
  observeCompaction(outcome: string, seconds: number): void;
  /** Binds the gauges to the manager once it exists. */
  watch(manager: RoomManager): void;
}

/** Creates the collab metrics on `registry`. */
export function createCollabMetrics(registry: Registry): CollabMetrics {
  const registers = [registry];
  let manager: RoomManager | null = null;
  new Gauge({
    name: 'folio_collab_rooms_open',
    help: 'Rooms held by this node',
    registers,
    collect() {
      this.set(manager?.roomCount ?? 0);
    },
  });
  new Gauge({
    name: 'folio_collab_connections_open',
    help: 'Websocket connections joined to rooms on this node',
    registers,
    collect() {
      this.set(manager?.connectionCount ?? 0);
    },
  });
  const unscraped = { updates: 0, bytesIn: 0, bytesOut: 0 };
  new Counter({
    name: 'folio_collab_updates_total',
    help: 'Updates that changed a document',
    registers,
    collect() {
      this.inc(unscraped.updates);
      unscraped.updates = 0;
    },
  });
  new Counter({
    name: 'folio_collab_bytes_total',
    help: 'Websocket payload bytes by direction',
    labelNames: ['direction'] as const,
    registers,
    collect() {
      this.inc({ direction: 'in' }, unscraped.bytesIn);
      this.inc({ direction: 'out' }, unscraped.bytesOut);
      unscraped.bytesIn = 0;
      unscraped.bytesOut = 0;
    },
  });
  const rejected = new Counter({
    name: 'folio_collab_rejected_messages_total',
    help: 'Messages refused or dropped, by reason',
    labelNames: ['reason'] as const,
    registers,
  });
  const applySeconds = new Histogram({
    name: 'folio_collab_apply_seconds',
    help: 'Time to apply one client update',
    buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1],
    registers,
  });
  const storageFailures = new Counter({
    name: 'folio_collab_storage_failures_total',
    help: 'Failed storage operations',
    labelNames: ['operation'] as const,
    registers,
  });
  const flushSeconds = new Histogram({
    name: 'folio_collab_flush_seconds',
    help: 'Duration of one group-commit transaction',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers,
  });
  const peerMessages = new Counter({
    name: 'folio_collab_peer_messages_total',
    help: 'Messages exchanged with the same rooms on other nodes, by direction and kind',
    labelNames: ['direction', 'kind'] as const,
    registers,
  });
  const flushLag = new Histogram({
    name: 'folio_collab_flush_lag_seconds',
    help: 'From buffering the oldest update of a group commit to its commit',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers,
  });
  const compactionSeconds = new Histogram({
    name: 'folio_collab_compaction_seconds',
    help: 'Duration of one compaction job attempt, by outcome',
    labelNames: ['outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
    registers,
  });
  const flushedUpdates = new Counter({
    name: 'folio_collab_flushed_updates_total',
    help: 'Updates written by group commits',
    registers,
  });
  return {
    updateApplied: () => {
      unscraped.updates += 1;
    },
    bytesIn: (n) => {
      unscraped.bytesIn += n;
    },
    bytesOut: (n) => {
      unscraped.bytesOut += n;
    },
    messageRejected: (reason: RejectReason) => rejected.inc({ reason }),
    observeApplySeconds: (seconds) => applySeconds.observe(seconds),
    storageFailed: (operation) => storageFailures.inc({ operation }),
    peerMessage: (direction, kind) => peerMessages.inc({ direction, kind }),
    observeFlush: (info) => {
      flushSeconds.observe(info.seconds);
      flushLag.observe(info.lagSeconds);
      flushedUpdates.inc(info.updates);
    },
    observeCompaction: (outcome, seconds) => compactionSeconds.observe({ outcome }, seconds),
    watch: (watched) => {
      manager = watched;
    },
  };
}
