/**
 * Delivering webhooks as jobs. A job carries a delivery's id; it claims the row (so two jobs for
 * one delivery never both send), vets the endpoint's URL again (DNS may have changed since the
 * endpoint was saved), signs and posts, and writes the outcome back.
 *
 * Retries are ours, not the queue's: a failed attempt (network error, timeout, 5xx, 429) puts
 * the row back to `pending` with `next_attempt_at` and enqueues a new delayed job, up to
 * WEBHOOK_MAX_ATTEMPTS, so the schedule and the attempt count live in the delivery log. The
 * job's own queue retries only cover failures of our database work around the attempt.
 */
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { SecretBox } from '../../platform/crypto/secret-box.js';
import { runWithContextPatch } from '../../platform/context.js';
import { withLookup, withTenant } from '../../platform/db/unit-of-work.js';
import type { Logger } from '../../platform/logging/logger.js';
import { defineJob, type JobDefinition, type JobQueue } from '../../platform/queue/queue.port.js';
import { endpointRepository } from './endpoint.repository.js';
import {
  deliveryRepository,
  type AttemptResult,
  type DeliveryRecord,
} from './delivery.repository.js';
import { sendToTarget, type SendResult } from './http-sender.js';
import { signatureHeader, WEBHOOK_HEADERS } from './signature.js';
import { TargetRefused, vetTarget } from './target-guard.js';
import { openSecrets } from './webhook-secrets.js';

/** The wait before retry n+1 after n failed attempts: 1 s, 2 s, 4 s … capped at an hour. */
export function retryDelayMs(failedAttempts: number): number {
  return Math.min(1000 * 2 ** (failedAttempts - 1), 3_600_000);
}

/** What one attempt came to, before it is written down. */
export type Verdict = 'succeeded' | 'retry' | 'failed';

/** 2xx succeeds; 429 and 5xx are worth another try; anything else (3xx, 4xx) will not change. */
export function verdictOf(statusCode: number): Verdict {
  if (statusCode >= 200 && statusCode < 300) return 'succeeded';
  if (statusCode === 429 || statusCode >= 500) return 'retry';
  return 'failed';
}

const payloadSchema = z.object({ tenantId: z.uuid(), deliveryId: z.uuid() });
type DeliverPayload = z.infer<typeof payloadSchema>;

/** What the deliverer needs from the app. */
export interface DelivererDeps {
  readonly dataSource: DataSource;
  readonly queue: JobQueue;
  readonly logger: Logger;
  readonly secrets: SecretBox;
  readonly config: {
    readonly WEBHOOK_ALLOW_PRIVATE_TARGETS: boolean;
    readonly WEBHOOK_TIMEOUT_MS: number;
    readonly WEBHOOK_MAX_ATTEMPTS: number;
  };
}

/** See the file comment. */
export class WebhookDeliverer {
  readonly job: JobDefinition<DeliverPayload>;

  constructor(private readonly deps: DelivererDeps) {
    this.job = defineJob({
      name: 'webhooks.deliver',
      schema: payloadSchema,
      attempts: 3,
      backoff: { type: 'exponential', delayMs: 1000 },
      handle: (payload) => this.run(payload),
    });
    deps.queue.register(this.job);
  }

  /** Enqueues the job for a delivery's next attempt; the job id makes enqueueing twice harmless. */
  async enqueue(
    delivery: Pick<DeliveryRecord, 'tenantId' | 'id' | 'attempts' | 'nextAttemptAt'>,
  ): Promise<void> {
    await this.deps.queue.enqueue(
      this.job,
      { tenantId: delivery.tenantId, deliveryId: delivery.id },
      {
        delayMs: Math.max(0, delivery.nextAttemptAt.getTime() - Date.now()),
        jobId: `${delivery.id}.${delivery.attempts}`,
      },
    );
  }

  /** Re-enqueues every unfinished delivery of every tenant (jobs lost in a crash or restart). */
  async resume(): Promise<number> {
    const unfinished = await withLookup(
      this.deps.dataSource,
      'app.scan',
      'webhook_deliveries',
      (tx) => deliveryRepository.unfinished(tx),
    );
    for (const delivery of unfinished) {
      await runWithContextPatch({ tenantId: delivery.tenantId }, () => this.enqueue(delivery));
    }
    if (unfinished.length > 0)
      this.deps.logger.info({ count: unfinished.length }, 'webhook deliveries resumed');
    return unfinished.length;
  }

  /** One attempt of one delivery. */
  async run({ tenantId, deliveryId }: DeliverPayload): Promise<void> {
    const leaseMs = this.deps.config.WEBHOOK_TIMEOUT_MS + 30_000;
    const claimed = await withTenant(this.deps.dataSource, tenantId, async (tx) => {
      const delivery = await deliveryRepository.claim(tx, tenantId, deliveryId, leaseMs);
      if (!delivery) return null;
      const endpoint = await endpointRepository.find(tx, tenantId, delivery.endpointId);
      if (!endpoint?.isActive) {
        await deliveryRepository.cancel(tx, delivery, 'the endpoint is disabled');
        return null;
      }
      return { delivery, endpoint };
    });
    if (!claimed) return;
    const { delivery, endpoint } = claimed;
    const started = Date.now();
    const outcome = await this.attempt(
      delivery,
      endpoint.url,
      openSecrets(this.deps.secrets, endpoint.secrets),
    );
    const result = this.record(delivery, outcome, started);
    await withTenant(this.deps.dataSource, tenantId, (tx) =>
      deliveryRepository.finishAttempt(tx, delivery, result),
    );
    if (result.status === 'pending' && result.nextAttemptAt) {
      await this.enqueue({ ...delivery, nextAttemptAt: result.nextAttemptAt });
    }
  }

  private async attempt(
    delivery: DeliveryRecord,
    url: string,
    secrets: string[],
  ): Promise<SendResult | { error: string; isTransient: boolean }> {
    try {
      const target = await vetTarget(url, {
        allowPrivate: this.deps.config.WEBHOOK_ALLOW_PRIVATE_TARGETS,
      });
      const body = JSON.stringify(delivery.requestBody);
      const timestamp = Math.floor(Date.now() / 1000);
      return await sendToTarget(
        target,
        body,
        {
          [WEBHOOK_HEADERS.id]: delivery.id,
          [WEBHOOK_HEADERS.timestamp]: String(timestamp),
          [WEBHOOK_HEADERS.event]: delivery.eventType,
          [WEBHOOK_HEADERS.signature]: signatureHeader(secrets, timestamp, body),
        },
        this.deps.config.WEBHOOK_TIMEOUT_MS,
      );
    } catch (error) {
      if (error instanceof TargetRefused)
        return { error: `target refused: ${error.reason}`, isTransient: error.isTransient };
      return { error: (error as Error).message || String(error), isTransient: true };
    }
  }

  private record(
    delivery: DeliveryRecord,
    outcome: SendResult | { error: string; isTransient: boolean },
    started: number,
  ): AttemptResult {
    const isResponse = 'statusCode' in outcome;
    const verdict: Verdict = isResponse
      ? verdictOf(outcome.statusCode)
      : outcome.isTransient
        ? 'retry'
        : 'failed';
    const canRetry = delivery.attempts < this.deps.config.WEBHOOK_MAX_ATTEMPTS;
    const status =
      verdict === 'succeeded'
        ? 'succeeded'
        : verdict === 'retry' && canRetry
          ? 'pending'
          : 'failed';
    return {
      status,
      entry: {
        attempt: delivery.attempts,
        at: new Date(started).toISOString(),
        durationMs: Date.now() - started,
        statusCode: isResponse ? outcome.statusCode : null,
        error: isResponse
          ? verdict === 'succeeded'
            ? null
            : `HTTP ${outcome.statusCode}`
          : outcome.error,
      },
      responseExcerpt: isResponse ? outcome.excerpt : null,
      nextAttemptAt:
        status === 'pending' ? new Date(Date.now() + retryDelayMs(delivery.attempts)) : null,
    };
  }
}
