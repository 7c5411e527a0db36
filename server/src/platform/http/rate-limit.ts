/**
 * Request rate limits for the REST API: fixed one-minute windows counted in Redis (shared by the
 * fleet) or in process memory (embedded node). Each request is charged against several buckets —
 * its tenant, its credential, its client address — and refused when any of them is spent.
 * A store outage never takes the API down: the request passes and a warning is logged.
 */
import type { RequestHandler, Request, Response } from 'express';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { AppError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import type { RedisClient } from '../redis/connection.js';

/** One budget a request draws from: `scope:id` with `limit` requests per minute. */
export interface RateBucket {
  readonly scope: 'tenant' | 'credential' | 'ip';
  readonly id: string;
  readonly limit: number;
}

/** The outcome of charging one request. */
export type RateDecision =
  | { kind: 'allowed'; tightest: BucketState | null }
  | { kind: 'limited'; bucket: RateBucket; state: BucketState };

/** What one bucket has left. */
export interface BucketState {
  readonly limit: number;
  readonly remaining: number;
  readonly resetSeconds: number;
}

const WINDOW_SECONDS = 60;
const WARN_EVERY_MS = 10_000;

/** Charges requests against buckets; one limiter per distinct limit, sharing the stored counters. */
export class RateLimits {
  private readonly limiters = new Map<number, RateLimiterAbstract>();
  private lastWarnAt = 0;

  constructor(
    private readonly options: {
      /** Redis for fleet-wide counters; null counts in this process only. */
      redis: RedisClient | null;
      /** Prefix of every counter key (from the keyspace). */
      keyPrefix: string;
      logger: Logger;
    },
  ) {}

  // Redis keeps one counter per key whatever a limiter's `points` are, so limiters of different
  // limits share counters there; in memory each limiter has its own map, which is fine because a
  // bucket's limit only changes with its tenant's plan.
  private limiter(limit: number): RateLimiterAbstract {
    let limiter = this.limiters.get(limit);
    if (!limiter) {
      const common = { points: limit, duration: WINDOW_SECONDS, keyPrefix: this.options.keyPrefix };
      limiter = this.options.redis
        ? new RateLimiterRedis({
            ...common,
            storeClient: this.options.redis,
            // Fail fast while Redis is away instead of queueing commands behind a reconnect.
            rejectIfRedisNotReady: true,
          })
        : new RateLimiterMemory(common);
      this.limiters.set(limit, limiter);
    }
    return limiter;
  }

  /** Charges one request to every bucket; `limited` names the first bucket that is spent. */
  async charge(buckets: readonly RateBucket[]): Promise<RateDecision> {
    const results = await Promise.all(
      buckets.map(async (bucket) => {
        const key = `${bucket.scope}:${bucket.id}`;
        try {
          const res = await this.limiter(bucket.limit).consume(key);
          return { bucket, res, limited: false };
        } catch (error) {
          if (error instanceof RateLimiterRes) return { bucket, res: error, limited: true };
          this.warnStoreFailure(error);
          return null;
        }
      }),
    );
    let tightest: BucketState | null = null;
    for (const result of results) {
      if (!result) continue;
      const state = stateOf(result.bucket, result.res);
      if (result.limited) return { kind: 'limited', bucket: result.bucket, state };
      if (!tightest || state.remaining < tightest.remaining) tightest = state;
    }
    return { kind: 'allowed', tightest };
  }

  private warnStoreFailure(error: unknown): void {
    const now = Date.now();
    if (now - this.lastWarnAt < WARN_EVERY_MS) return;
    this.lastWarnAt = now;
    this.options.logger.warn({ error }, 'rate limit store unavailable; requests pass unlimited');
  }
}

function stateOf(bucket: RateBucket, res: RateLimiterRes): BucketState {
  return {
    limit: bucket.limit,
    remaining: Math.max(0, res.remainingPoints),
    resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
  };
}

function setHeaders(res: Response, state: BucketState): void {
  res.setHeader('RateLimit-Limit', String(state.limit));
  res.setHeader('RateLimit-Remaining', String(state.remaining));
  res.setHeader('RateLimit-Reset', String(state.resetSeconds));
}

/**
 * Charges each request to the buckets `bucketsOf` names and answers 429 `rate_limited` with
 * Retry-After once one is spent. RateLimit-* headers describe the tightest bucket either way.
 */
export function rateLimitMiddleware(
  limits: RateLimits,
  bucketsOf: (req: Request, res: Response) => RateBucket[],
): RequestHandler {
  return async (req, res, next) => {
    const decision = await limits.charge(bucketsOf(req, res));
    switch (decision.kind) {
      case 'allowed':
        if (decision.tightest) setHeaders(res, decision.tightest);
        return next();
      case 'limited':
        setHeaders(res, decision.state);
        throw new AppError(
          'rate_limited',
          `Too many requests: the ${decision.bucket.scope} limit is spent`,
          {
            details: {
              scope: decision.bucket.scope,
              limit: decision.state.limit,
              retryAfterSeconds: decision.state.resetSeconds,
            },
          },
        );
      default: {
        const unreachable: never = decision;
        return unreachable;
      }
    }
  };
}
