/** Latency samples and their summary (nearest-rank percentiles, so every figure was observed). */

/** A growable buffer of millisecond samples. */
export class Samples {
  private values = new Float64Array(1 << 16);
  private size = 0;

  get count(): number {
    return this.size;
  }

  add(value: number): void {
    if (this.size === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.size++] = value;
  }

  addAll(values: Float64Array): void {
    for (const value of values) this.add(value);
  }

  /** A copy of the samples, e.g. to transfer to another thread. */
  toArray(): Float64Array {
    return this.values.slice(0, this.size);
  }

  summarize(): LatencySummary {
    const sorted = this.values.slice(0, this.size).sort();
    const at = (p: number) =>
      sorted.length === 0
        ? NaN
        : sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
    let sum = 0;
    for (const v of sorted) sum += v;
    return {
      count: sorted.length,
      meanMs: sorted.length === 0 ? NaN : sum / sorted.length,
      p50Ms: at(0.5),
      p95Ms: at(0.95),
      p99Ms: at(0.99),
      maxMs: sorted.length === 0 ? NaN : sorted[sorted.length - 1]!,
    };
  }
}

export interface LatencySummary {
  readonly count: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}
