import type { Backoff, RateLimit } from './room.options.js';
import type { RoomClock, TimerHandle } from './room.ports.js';

/** The production clock: monotonic time and unref'd timers (a pending unload never holds the process). */
export const systemClock: RoomClock = {
  now: () => performance.now(),
  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const timer = setTimeout(callback, delayMs);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

/**
 * A token bucket per connection and message class. Refilled lazily from the injected clock, so it
 * costs nothing between messages and tests control time exactly.
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: RoomClock,
  ) {
    this.tokens = limit.burst;
    this.refilledAt = clock.now();
  }

  /** Takes one token; false when the bucket is empty (the caller closes the connection). */
  take(): boolean {
    const now = this.clock.now();
    const elapsedSeconds = Math.max(0, now - this.refilledAt) / 1000;
    this.tokens = Math.min(this.limit.burst, this.tokens + elapsedSeconds * this.limit.perSecond);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Delay before retry number `attempt` (1-based): initial, doubled each time, capped. */
export function backoffDelay(backoff: Backoff, attempt: number): number {
  const exponent = Math.max(0, attempt - 1);
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(exponent, 30));
}

/** A promise with its resolve exposed, for "when loaded" / "when unloaded" notifications. */
export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
}

/** Creates a Deferred. */
export function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
