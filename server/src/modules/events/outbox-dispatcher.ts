/**
 * Delivers outbox events after their transaction committed. A tenant's pending events are
 * claimed in batches (`FOR UPDATE SKIP LOCKED`: nodes never deliver one event at the same time),
 * in order, each inside the context it was recorded in. Handlers run in two phases:
 * `inTransaction` (the audit entry, a webhook job: committed together with "processed") and
 * `afterCommit` (live emits: only for events whose processing committed).
 *
 * Wake-ups: the `folio_outbox` notification (sent at commit by the table's trigger), and a sweep
 * every `sweepMs` (and after every listener reconnect) for anything whose notification was lost.
 * A handler failure rolls back that event alone (savepoint); it is retried by the next wake-up
 * and given up after `maxAttempts`, with the error kept on the row.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { newContext, runWithContext } from '../../platform/context.js';
import { withLookup, withTenant } from '../../platform/db/unit-of-work.js';
import { PgListener } from '../../platform/db/pg-listener.js';
import type { Logger } from '../../platform/logging/logger.js';
import type { EventContext } from './outbox.js';

/** One event as handlers see it. */
export interface OutboxEvent {
  readonly id: string;
  readonly tenantId: string;
  readonly type: string;
  readonly documentId: string | null;
  readonly target: { readonly type: string; readonly id: string };
  readonly payload: Record<string, unknown>;
  readonly context: EventContext;
  readonly occurredAt: Date;
}

/** A consumer of events; see the file comment for the two phases. */
export interface OutboxHandler {
  readonly name: string;
  inTransaction?(tx: EntityManager, event: OutboxEvent): Promise<void>;
  afterCommit?(event: OutboxEvent): void;
}

export interface OutboxDispatcherOptions {
  readonly dataSource: DataSource;
  /** The runtime role's URL, for the LISTEN connection. */
  readonly databaseUrl: string;
  readonly logger: Logger;
  readonly handlers: readonly OutboxHandler[];
  readonly sweepMs?: number;
  readonly batchSize?: number;
  readonly maxAttempts?: number;
  /** Processed events are deleted after this long (per tenant, as it processes). */
  readonly retentionMs?: number;
}

interface EventRow {
  seq: string;
  id: string;
  type: string;
  document_id: string | null;
  target_type: string;
  target_id: string;
  payload: Record<string, unknown>;
  context: EventContext;
  occurred_at: Date;
  attempts: number;
}

/** See the file comment. */
export class OutboxDispatcher {
  private readonly listener: PgListener;
  /** Tenants being drained; `true` when another wake-up arrived meanwhile. */
  private readonly draining = new Map<string, boolean>();
  private readonly running = new Set<Promise<void>>();
  private sweepTimer: NodeJS.Timeout | null = null;
  private isStopped = false;
  private readonly lastCleanup = new Map<string, number>();

  constructor(private readonly options: OutboxDispatcherOptions) {
    this.listener = new PgListener({
      url: options.databaseUrl,
      channel: 'folio_outbox',
      logger: options.logger,
      onNotify: (tenantId) => this.wake(tenantId),
      onReady: () => void this.sweep(),
    });
  }

  async start(): Promise<void> {
    await this.listener.start();
    this.sweepTimer = setInterval(() => void this.sweep(), this.options.sweepMs ?? 5000);
    this.sweepTimer.unref();
  }

  /** Stops waking up and waits for the batches in flight. */
  async stop(): Promise<void> {
    this.isStopped = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.listener.stop();
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /** Drains one tenant's pending events now (also what a notification does). */
  wake(tenantId: string): void {
    if (this.isStopped) return;
    if (this.draining.has(tenantId)) {
      this.draining.set(tenantId, true);
      return;
    }
    this.draining.set(tenantId, false);
    const run = this.drain(tenantId).finally(() => {
      this.running.delete(run);
    });
    this.running.add(run);
  }

  /** Finds every tenant with pending events (lost notifications) and wakes it. */
  async sweep(): Promise<void> {
    if (this.isStopped) return;
    try {
      const rows = await withLookup(this.options.dataSource, 'app.scan', 'outbox', (tx) =>
        tx.query<{ tenant_id: string }[]>(
          `SELECT DISTINCT tenant_id FROM outbox_events WHERE processed_at IS NULL`,
        ),
      );
      for (const row of rows) this.wake(row.tenant_id);
    } catch (error) {
      this.options.logger.warn({ error }, 'outbox sweep failed');
    }
  }

  private async drain(tenantId: string): Promise<void> {
    try {
      for (;;) {
        const delivered = await this.processBatch(tenantId);
        const wokenAgain = this.draining.get(tenantId) === true;
        this.draining.set(tenantId, false);
        if (this.isStopped || (delivered < (this.options.batchSize ?? 100) && !wokenAgain)) break;
      }
      await this.cleanup(tenantId);
    } catch (error) {
      this.options.logger.warn(
        { error, tenantId },
        'outbox delivery failed; retried on the next sweep',
      );
    } finally {
      this.draining.delete(tenantId);
    }
  }

  /** One batch in one transaction; returns how many events it claimed. */
  private async processBatch(tenantId: string): Promise<number> {
    const { dataSource, handlers, logger } = this.options;
    const batchSize = this.options.batchSize ?? 100;
    const maxAttempts = this.options.maxAttempts ?? 10;
    const committed: OutboxEvent[] = [];
    const claimed = await withTenant(dataSource, tenantId, async (tx) => {
      const rows = await tx.query<EventRow[]>(
        `SELECT seq, id, type, document_id, target_type, target_id, payload, context, occurred_at, attempts
           FROM outbox_events WHERE tenant_id = $1 AND processed_at IS NULL
          ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [tenantId, batchSize],
      );
      for (const row of rows) {
        const event = toEvent(tenantId, row);
        await tx.query('SAVEPOINT outbox_event');
        try {
          await runInEventContext(event, async () => {
            for (const handler of handlers) await handler.inTransaction?.(tx, event);
          });
          await tx.query(
            `UPDATE outbox_events SET processed_at = now() WHERE tenant_id = $1 AND seq = $2`,
            [tenantId, row.seq],
          );
          await tx.query('RELEASE SAVEPOINT outbox_event');
          committed.push(event);
        } catch (error) {
          await tx.query('ROLLBACK TO SAVEPOINT outbox_event');
          const attempts = row.attempts + 1;
          const givesUp = attempts >= maxAttempts;
          logger.error(
            { error, eventId: event.id, type: event.type, attempts },
            givesUp ? 'outbox event given up' : 'outbox event failed; will retry',
          );
          await tx.query(
            `UPDATE outbox_events SET attempts = $3, last_error = $4, processed_at = CASE WHEN $5 THEN now() END
              WHERE tenant_id = $1 AND seq = $2`,
            [
              tenantId,
              row.seq,
              attempts,
              String(error instanceof Error ? error.message : error).slice(0, 1000),
              givesUp,
            ],
          );
        }
      }
      return rows.length;
    });
    for (const event of committed) {
      for (const handler of handlers) {
        if (!handler.afterCommit) continue;
        try {
          runInEventContext(event, () => handler.afterCommit?.(event));
        } catch (error) {
          logger.warn(
            { error, eventId: event.id, handler: handler.name },
            'outbox after-commit handler failed',
          );
        }
      }
    }
    return claimed;
  }

  /** Deletes this tenant's long-processed events, at most once a minute per tenant. */
  private async cleanup(tenantId: string): Promise<void> {
    const now = Date.now();
    if ((this.lastCleanup.get(tenantId) ?? 0) > now - 60_000) return;
    this.lastCleanup.set(tenantId, now);
    const retentionMs = this.options.retentionMs ?? 7 * 24 * 3600 * 1000;
    await withTenant(this.options.dataSource, tenantId, (tx) =>
      tx.query(
        `DELETE FROM outbox_events WHERE tenant_id = $1 AND processed_at < now() - make_interval(secs => $2)`,
        [tenantId, retentionMs / 1000],
      ),
    );
  }
}

function toEvent(tenantId: string, row: EventRow): OutboxEvent {
  return {
    id: row.id,
    tenantId,
    type: row.type,
    documentId: row.document_id,
    target: { type: row.target_type, id: row.target_id },
    payload: row.payload,
    context: row.context,
    occurredAt: row.occurred_at,
  };
}

function runInEventContext<T>(event: OutboxEvent, fn: () => T): T {
  const { context } = event;
  return runWithContext(
    newContext({
      requestId: context.requestId,
      traceId: context.traceId,
      tenantId: event.tenantId,
      actor: context.actor,
      ...(context.clientIp ? { clientIp: context.clientIp } : {}),
    }),
    fn,
  );
}
