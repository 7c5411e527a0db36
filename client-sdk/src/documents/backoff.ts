/** Reconnect delays: exponential, capped, with full jitter so a fleet restart is not a stampede. */

/** Backoff settings in milliseconds. */
export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
}

/** The default: a quarter second, doubling, at most ten seconds. */
export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 10_000 };

/**
 * The wait before reconnect attempt `attempt` (0 for the first): uniform in [0, min(max,
 * initial·2^attempt)] ("full jitter"), so clients dropped together spread out.
 */
export function backoffDelay(
  policy: BackoffPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(random() * ceiling);
}
