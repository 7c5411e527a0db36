/**
 * A clock for tests: time moves only when the test says so, and due timers run in order. Lets
 * specs drive idle unloads, backoff retries and rate-limit refills without sleeping.
 */
import type { RoomClock, TimerHandle } from '../room.ports.js';

interface Timer {
  readonly at: number;
  readonly sequence: number;
  readonly callback: () => void;
  isActive: boolean;
}

/** A RoomClock driven by `advance`. */
export class ManualClock implements RoomClock {
  private time = 0;
  private sequence = 0;
  private timers: Timer[] = [];

  now(): number {
    return this.time;
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const timer: Timer = {
      at: this.time + Math.max(0, delayMs),
      sequence: this.sequence++,
      callback,
      isActive: true,
    };
    this.timers.push(timer);
    return {
      cancel: () => {
        timer.isActive = false;
      },
    };
  }

  /** Moves time forward, running every timer that falls due (including ones those timers set). */
  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      const next = this.nextDue(target);
      if (next === undefined) break;
      this.timers = this.timers.filter((timer) => timer !== next);
      this.time = next.at;
      next.callback();
    }
    this.time = target;
  }

  /** Timers scheduled and not cancelled. */
  get pendingTimers(): number {
    return this.timers.filter((timer) => timer.isActive).length;
  }

  /** Milliseconds until the next active timer, or null when none is pending. */
  nextTimerIn(): number | null {
    const next = this.nextDue(Number.POSITIVE_INFINITY);
    return next === undefined ? null : next.at - this.time;
  }

  private nextDue(limit: number): Timer | undefined {
    this.timers = this.timers.filter((timer) => timer.isActive);
    let best: Timer | undefined;
    for (const timer of this.timers) {
      if (timer.at > limit) continue;
      if (
        best === undefined ||
        timer.at < best.at ||
        (timer.at === best.at && timer.sequence < best.sequence)
      ) {
        best = timer;
      }
    }
    return best;
  }
}

/** Lets every pending promise chain run (storage calls, flush continuations) — no fixed sleep. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
