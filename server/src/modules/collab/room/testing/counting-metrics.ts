/**
 * RoomMetrics that count, for assertions: rejected messages by reason, updates, bytes, storage
 * failures.
 */
import type { RejectReason, RoomMetrics } from '../room.ports.js';

/** Counts every metric hook call. */
export class CountingMetrics implements RoomMetrics {
  updates = 0;
  updateBytes = 0;
  received = 0;
  sent = 0;
  applyObservations = 0;
  readonly rejected = new Map<RejectReason, number>();
  readonly storageFailures = new Map<'load' | 'append' | 'flush', number>();

  updateApplied(bytes: number): void {
    this.updates += 1;
    this.updateBytes += bytes;
  }

  bytesIn(bytes: number): void {
    this.received += bytes;
  }

  bytesOut(bytes: number): void {
    this.sent += bytes;
  }

  messageRejected(reason: RejectReason): void {
    this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + 1);
  }

  observeApplySeconds(): void {
    this.applyObservations += 1;
  }

  storageFailed(operation: 'load' | 'append' | 'flush'): void {
    this.storageFailures.set(operation, (this.storageFailures.get(operation) ?? 0) + 1);
  }

  /** Peer messages by `<direction>:<kind>`. */
  readonly peerMessages = new Map<string, number>();

  peerMessage(direction: 'in' | 'out', kind: string): void {
    const key = `${direction}:${kind}`;
    this.peerMessages.set(key, (this.peerMessages.get(key) ?? 0) + 1);
  }

  rejectedCount(reason: RejectReason): number {
    return this.rejected.get(reason) ?? 0;
  }
}
