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
 * A token bucket held as one number, so a connection carries a few plain fields instead of bucket
 * objects: `readyAt` is the time at which the bucket would be full again (the "theoretical arrival
 * time" of GCRA). Tokens at `now` are `burst - max(0, readyAt - now) / interval`; taking one needs
 * at least one token and pushes `readyAt` one interval further. Exactly a bucket of `burst` tokens
 * refilled at `perSecond`, refilled lazily from the injected clock; 0 means full.
 * Returns the new `readyAt`, or NaN when the bucket is empty (the caller closes the connection).
 */
export function takeToken(limit: RateLimit, readyAt: number, now: number): number {
  const intervalMs = 1000 / limit.perSecond;
  const owed = Math.max(readyAt, now) - now;
  if (owed > (limit.burst - 1) * intervalMs) return NaN;
  return Math.max(readyAt, now) + intervalMs;
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
