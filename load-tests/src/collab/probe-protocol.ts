/** Messages between the benchmark and the probe preloaded into each server child (probe.ts). */
import type { IntervalHistogram } from 'node:perf_hooks';

/** Sampling interval of the event-loop delay histograms (server probe and generator alike). */
export const LOOP_DELAY_RESOLUTION_MS = 10;

/**
 * Event-loop delay in milliseconds at a percentile (100: the maximum). Node records the whole
 * time between two samples, so the sampling interval itself is taken off.
 */
export function loopDelayMs(histogram: IntervalHistogram, percentile: number): number {
  if (histogram.count === 0) return 0;
  const nanos = percentile >= 100 ? histogram.max : histogram.percentile(percentile);
  return Math.max(0, nanos / 1e6 - LOOP_DELAY_RESOLUTION_MS);
}

/** Asks the child for a sample; `gc` forces full collections first (the child runs --expose-gc). */
export interface ProbeRequest {
  readonly type: 'probe.sample';
  readonly id: number;
  readonly gc: boolean;
  /** Restart the event-loop delay histogram after reading it. */
  readonly resetDelay: boolean;
}

/** What the child reports about itself. */
export interface ProbeSample {
  readonly type: 'probe.sample';
  readonly id: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  /**
   * The part of `heapUsedBytes` in V8's code spaces: machine code the JIT compiled, which grows
   * with how much of a server's code ran hot, not with what it holds per connection.
   */
  readonly codeBytes: number;
  readonly externalBytes: number;
  readonly arrayBuffersBytes: number;
  /** process.cpuUsage(): microseconds since the child started. */
  readonly cpuUserMicros: number;
  readonly cpuSystemMicros: number;
  /** Event-loop delay since the last reset, in milliseconds. */
  readonly loopDelayP99Ms: number;
  readonly loopDelayMaxMs: number;
}

export function isProbeRequest(value: unknown): value is ProbeRequest {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { type?: unknown }).type === 'probe.sample' &&
    typeof (value as { id?: unknown }).id === 'number'
  );
}

export function isProbeSample(value: unknown): value is ProbeSample {
  return isProbeRequest(value) && typeof (value as { rssBytes?: unknown }).rssBytes === 'number';
}
