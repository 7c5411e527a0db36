/**
 * An in-memory RoomStorage for tests and experiments, with injectable failures and delays so the
 * room's failure paths (failed load, failed append, failed final flush) can be driven exactly.
 */
import type { RoomStorage } from './room.ports.js';
import type { StoredState } from './stored-state.js';

/** The storage calls a test can fail or hold. */
export type StorageOperation = 'load' | 'append';

/** Thrown by an injected failure. */
export class InjectedStorageError extends Error {
  override readonly name = 'InjectedStorageError';
}

/** RoomStorage in a Map: each document is the list of appended updates, returned by load. */
export class MemoryRoomStorage implements RoomStorage {
  private readonly logs = new Map<string, Uint8Array[]>();
  private readonly failures: Record<StorageOperation, number> = { load: 0, append: 0 };
  private readonly held: Record<StorageOperation, (() => void)[] | null> = {
    load: null,
    append: null,
  };
  /** Completed calls per operation (failed ones included). */
  readonly calls: Record<StorageOperation, number> = { load: 0, append: 0 };

  async load(documentId: string): Promise<StoredState | null> {
    await this.intercept('load');
    const log = this.logs.get(documentId);
    if (log === undefined || log.length === 0) return null;
    return [...log];
  }

  async append(documentId: string, update: Uint8Array): Promise<void> {
    await this.intercept('append');
    const log = this.logs.get(documentId) ?? [];
    // Copy: the caller's buffer must not change what was "written".
    log.push(update.slice());
    this.logs.set(documentId, log);
  }

  /** Makes the next `count` calls of `operation` fail (after any hold is released). */
  failNext(operation: StorageOperation, count = 1): void {
    this.failures[operation] += count;
  }

  /** Cancels pending injected failures. */
  clearFailures(): void {
    this.failures.load = 0;
    this.failures.append = 0;
  }

  /** Holds every call of `operation` until `release` — a slow database, controlled by the test. */
  hold(operation: StorageOperation): void {
    this.held[operation] ??= [];
  }

  /** Lets the held calls continue (in call order) and stops holding. */
  release(operation: StorageOperation): void {
    const waiting = this.held[operation] ?? [];
    this.held[operation] = null;
    for (const resume of waiting) resume();
  }

  /** Calls currently held. */
  heldCount(operation: StorageOperation): number {
    return this.held[operation]?.length ?? 0;
  }

  /** Stored updates of a document, as appended. */
  updates(documentId: string): readonly Uint8Array[] {
    return this.logs.get(documentId) ?? [];
  }

  /** Seeds a document as if it had been written earlier. */
  seed(documentId: string, update: Uint8Array): void {
    this.logs.set(documentId, [...this.updates(documentId), update.slice()]);
  }

  private async intercept(operation: StorageOperation): Promise<void> {
    const waiting = this.held[operation];
    if (waiting !== null) await new Promise<void>((resume) => waiting.push(resume));
    this.calls[operation] += 1;
    if (this.failures[operation] > 0) {
      this.failures[operation] -= 1;
      throw new InjectedStorageError(`injected ${operation} failure`);
    }
  }
}
