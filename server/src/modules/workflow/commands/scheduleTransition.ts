import type { DataSource, EntityManager as Tx } from 'typeorm';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import { recordEvent } from '../../events/index.js';
import type { WorkflowScheduler } from '../scheduler.js';
import { schedulesRepository, type ScheduleRecord } from '../schedules.repository.js';
import { loadWorkflow, type WorkflowActor } from '../workflow-context.js';
import type { WorkflowTransition } from '../definition.schema.js';
import { findTransition } from './transitionDocument.js';

interface ScheduleDeps {
  readonly dataSource: DataSource;
  readonly scheduler: WorkflowScheduler;
}

/**
 * Schedules a transition (by default the definition's publishing one) for `runAt`. The scheduler
 * must hold the transition's permission now; every other guard is evaluated when it fires.
 */
export async function scheduleTransition(
  deps: ScheduleDeps,
  input: {
    tenantId: string;
    documentId: string;
    transition: string | null;
    runAt: Date;
    actor: WorkflowActor;
  },
): Promise<ScheduleRecord> {
  const { tenantId, documentId } = input;
  const schedule = await withTenant(deps.dataSource, tenantId, async (tx) => {
    const loaded = await loadWorkflow(tx, tenantId, documentId);
    const key = input.transition ?? publishingTransition(loaded.definition.definition.transitions);
    assertMayTake(findTransition(loaded, key), input.actor);
    const created = await schedulesRepository.insert(tx, {
      tenantId,
      documentId,
      transition: key,
      runAt: input.runAt,
      createdBy: input.actor.userId,
    });
    await recordSchedule(tx, 'workflow.scheduled', created);
    return created;
  });
  await deps.scheduler.enqueue(schedule);
  return schedule;
}

/** Moves a pending schedule to a new time; the old job finds the row changed and does nothing. */
export async function rescheduleTransition(
  deps: ScheduleDeps,
  input: PendingInput & { runAt: Date },
): Promise<ScheduleRecord> {
  const schedule = await changePending(deps.dataSource, input, async (tx, pending) => {
    const moved = await schedulesRepository.update(tx, pending, { runAt: input.runAt });
    await recordSchedule(tx, 'workflow.rescheduled', moved);
    return moved;
  });
  await deps.scheduler.enqueue(schedule);
  return schedule;
}

/** Cancels a pending schedule. */
export function cancelSchedule(ds: DataSource, input: PendingInput): Promise<ScheduleRecord> {
  return changePending(ds, input, async (tx, pending) => {
    const cancelled = await schedulesRepository.update(tx, pending, { status: 'cancelled' });
    await recordSchedule(tx, 'workflow.schedule_cancelled', cancelled);
    return cancelled;
  });
}

interface PendingInput {
  tenantId: string;
  documentId: string;
  scheduleId: string;
  actor: WorkflowActor;
  /** If-Match: runs on the locked row, before its status is checked (a stale tag learns why). */
  precondition?: ((current: ScheduleRecord) => void) | undefined;
}

/** The scheduled transition's permission guard applies to scheduling it, too. */
function assertMayTake(transition: WorkflowTransition, actor: WorkflowActor): void {
  const permission = transition.guards.permission;
  if (permission && !actor.permissions.has(permission)) {
    throw new AppError('forbidden', `Missing permission ${permission}`, {
      details: { permission },
    });
  }
}

async function changePending(
  ds: DataSource,
  input: PendingInput,
  change: (tx: Tx, pending: ScheduleRecord) => Promise<ScheduleRecord>,
): Promise<ScheduleRecord> {
  return withTenant(ds, input.tenantId, async (tx) => {
    const found = await schedulesRepository.find(tx, input.tenantId, input.scheduleId, {
      lock: true,
    });
    if (!found || found.documentId !== input.documentId)
      throw new AppError('not_found', 'No such schedule');
    input.precondition?.(found);
    if (found.status !== 'scheduled') {
      throw new AppError('conflict', `The schedule is ${found.status}`, {
        details: { reason: 'not_scheduled', status: found.status },
      });
    }
    const loaded = await loadWorkflow(tx, input.tenantId, input.documentId);
    const transition = loaded.definition.definition.transitions.find(
      (t) => t.key === found.transition,
    );
    if (transition) assertMayTake(transition, input.actor);
    return change(tx, found);
  });
}

function publishingTransition(transitions: { key: string; actions: string[] }[]): string {
  const publishing = transitions.find((t) => t.actions.includes('publish'));
  if (!publishing)
    throw new AppError(
      'validation_failed',
      'This workflow has no publishing transition; name one',
      {
        details: [
          { path: 'body.transition', message: 'required: the workflow has no publish transition' },
        ],
      },
    );
  return publishing.key;
}

async function recordSchedule(tx: Tx, type: string, schedule: ScheduleRecord): Promise<void> {
  await recordEvent(tx, {
    tenantId: schedule.tenantId,
    type,
    documentId: schedule.documentId,
    target: { type: 'document', id: schedule.documentId },
    payload: {
      scheduleId: schedule.id,
      transition: schedule.transition,
      runAt: schedule.runAt.toISOString(),
      status: schedule.status,
    },
  });
}
