import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { runWithContextPatch } from '../../platform/context.js';
import { withLookup, withTenant } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors.js';
import type { Logger } from '../../platform/logging/logger.js';
import { defineJob, type JobDefinition, type JobQueue } from '../../platform/queue/queue.port.js';
import type { DocumentContent } from '../collab/index.js';
import { recordEvent } from '../events/index.js';
import { rolePermissions } from '../identity/index.js';
import { transitionDocument } from './commands/transitionDocument.js';
import { schedulesRepository, type ScheduleRecord } from './schedules.repository.js';
import type { WorkflowActor } from './workflow-context.js';

const payloadSchema = z.object({
  tenantId: z.uuid(),
  scheduleId: z.uuid(),
  /** The run_at the job was enqueued for: a rescheduled or cancelled row no longer matches. */
  runAt: z.iso.datetime({ offset: true }),
});
type ScheduledPayload = z.infer<typeof payloadSchema>;

/** What the scheduler needs: the database, live documents, the job queue and a logger. */
export interface SchedulerDeps {
  readonly dataSource: DataSource;
  readonly content: DocumentContent;
  readonly queue: JobQueue;
  readonly logger: Logger;
}

/** Thrown inside the transition's transaction when the schedule changed meanwhile: roll back. */
class ScheduleSuperseded extends Error {}

/** The error codes that mean "this schedule cannot run", as opposed to "try again". */
const PERMANENT = new Set([
  'transition_blocked',
  'content_invalid',
  'not_found',
  'forbidden',
  'conflict',
]);

/**
 * Scheduled transitions as delayed jobs. The job carries the row's id and run_at; when it fires
 * it re-reads the row and runs only a row still `scheduled` for that same time, so rescheduling
 * or cancelling never has to find and remove a job. On start every pending row across tenants
 * is enqueued again (deduplicated by job id), so schedules survive restarts on any queue.
 */
export class WorkflowScheduler {
  readonly job: JobDefinition<ScheduledPayload>;

  constructor(private readonly deps: SchedulerDeps) {
    this.job = defineJob({
      name: 'workflow.scheduled-transition',
      schema: payloadSchema,
      backoff: { type: 'exponential', delayMs: 2000 },
      handle: (payload) => this.run(payload),
    });
    deps.queue.register(this.job);
  }

  /** Enqueues the row's job to fire at its run_at. */
  async enqueue(schedule: Pick<ScheduleRecord, 'tenantId' | 'id' | 'runAt'>): Promise<void> {
    const runAt = new Date(schedule.runAt);
    await this.deps.queue.enqueue(
      this.job,
      { tenantId: schedule.tenantId, scheduleId: schedule.id, runAt: runAt.toISOString() },
      {
        delayMs: Math.max(0, runAt.getTime() - Date.now()),
        jobId: `${schedule.id}.${runAt.getTime()}`,
      },
    );
  }

  /** Re-enqueues every pending schedule of every tenant. */
  async resume(): Promise<number> {
    const pending = await withLookup(
      this.deps.dataSource,
      'app.scan',
      'scheduled_transitions',
      (tx) => schedulesRepository.pending(tx),
    );
    for (const schedule of pending) await this.enqueue(schedule);
    if (pending.length > 0)
      this.deps.logger.info({ count: pending.length }, 'scheduled transitions resumed');
    return pending.length;
  }

  /** One firing: run the transition as the member who scheduled it, with the guards as they are now. */
  async run(payload: ScheduledPayload): Promise<void> {
    const { tenantId, scheduleId } = payload;
    const runAt = Date.parse(payload.runAt);
    const schedule = await withTenant(this.deps.dataSource, tenantId, (tx) =>
      schedulesRepository.find(tx, tenantId, scheduleId),
    );
    if (!isDue(schedule, runAt)) return;
    const actor = await this.actorOf(tenantId, schedule.createdBy);
    try {
      await runWithContextPatch(
        {
          tenantId,
          actor: actor.userId
            ? { kind: 'user', userId: actor.userId }
            : { kind: 'system', reason: 'schedule' },
        },
        () =>
          transitionDocument(this.deps, {
            tenantId,
            documentId: schedule.documentId,
            transition: schedule.transition,
            note: 'scheduled',
            actor,
            within: (tx) => this.markDone(tx, schedule, runAt),
          }),
      );
    } catch (error) {
      if (error instanceof ScheduleSuperseded) return;
      if (!(error instanceof AppError) || !PERMANENT.has(error.code)) throw error;
      await this.markFailed(schedule, runAt, error);
    }
  }

  /** The scheduling member's permissions now; none when they left the tenant. */
  private async actorOf(tenantId: string, userId: string | null): Promise<WorkflowActor> {
    if (!userId) return { userId: null, permissions: new Set() };
    const rows = await withTenant(this.deps.dataSource, tenantId, (tx) =>
      tx.query<{ role: string; permissions: string[]; is_builtin: boolean }[]>(
        `SELECT m.role, r.permissions, r.is_builtin FROM memberships m
           JOIN roles r ON r.tenant_id = m.tenant_id AND r.key = m.role
          WHERE m.tenant_id = $1 AND m.user_id = $2`,
        [tenantId, userId],
      ),
    );
    const row = rows[0];
    return {
      userId,
      permissions: row ? rolePermissions(row.role, row.permissions, row.is_builtin) : new Set(),
    };
  }

  private async markDone(
    tx: EntityManager,
    schedule: ScheduleRecord,
    runAt: number,
  ): Promise<void> {
    const locked = await schedulesRepository.find(tx, schedule.tenantId, schedule.id, {
      lock: true,
    });
    if (!isDue(locked, runAt)) throw new ScheduleSuperseded();
    await schedulesRepository.update(tx, locked, { status: 'done' });
  }

  private async markFailed(
    schedule: ScheduleRecord,
    runAt: number,
    error: AppError,
  ): Promise<void> {
    const { tenantId } = schedule;
    await withTenant(this.deps.dataSource, tenantId, async (tx) => {
      const locked = await schedulesRepository.find(tx, tenantId, schedule.id, { lock: true });
      if (!isDue(locked, runAt)) return;
      const failure = { message: error.message, code: error.code, details: error.details ?? null };
      await schedulesRepository.update(tx, locked, { status: 'failed', failure });
      await recordEvent(tx, {
        tenantId,
        type: 'workflow.schedule_failed',
        documentId: schedule.documentId,
        target: { type: 'document', id: schedule.documentId },
        payload: { scheduleId: schedule.id, transition: schedule.transition, ...failure },
      });
    });
  }
}

function isDue(schedule: ScheduleRecord | null, runAt: number): schedule is ScheduleRecord {
  return schedule !== null && schedule.status === 'scheduled' && schedule.runAt.getTime() === runAt;
}
