/**
 * One autocannon run per target against the node, after an unmeasured warm-up of the same
 * requests: requests/s (mean over the window), latency p50/p99, and every failure counted.
 */
import autocannon from 'autocannon';

/** A workload: requests that each connection sends in turn, over and over. */
export interface Target {
  readonly name: string;
  readonly description: string;
  readonly requests: autocannon.Request[];
}

/** The figures of one target. */
export interface Measured {
  readonly name: string;
  readonly description: string;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly total: number;
  /** Non-2xx responses plus connection errors and timeouts: a clean run has none. */
  readonly failures: number;
}

function cannon(url: string, target: Target, connections: number, seconds: number) {
  return autocannon({
    url,
    connections,
    duration: seconds,
    requests: target.requests,
  });
}

/** Warms the target up, then measures it for `durationS`. */
export async function measure(
  url: string,
  target: Target,
  options: { connections: number; durationS: number; warmupS: number },
): Promise<Measured> {
  if (options.warmupS > 0) await cannon(url, target, options.connections, options.warmupS);
  const result = await cannon(url, target, options.connections, options.durationS);
  return {
    name: target.name,
    description: target.description,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}
