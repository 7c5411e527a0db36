import type { DataSource } from 'typeorm';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import { recordEvent } from '../../events/index.js';
import { stateRepository, type WorkflowState } from '../state.repository.js';
import { loadWorkflow } from '../workflow-context.js';

/** Sets who is assigned to review the document and by when; every assignee must be a member. */
export async function assignDocument(
  ds: DataSource,
  input: { tenantId: string; documentId: string; assignees: string[]; dueAt: Date | null },
): Promise<WorkflowState> {
  const { tenantId, documentId } = input;
  const assignees = [...new Set(input.assignees.map((id) => id.toLowerCase()))];
  return withTenant(ds, tenantId, async (tx) => {
    const { state } = await loadWorkflow(tx, tenantId, documentId, { lock: true });
    const members = await tx.query<{ user_id: string }[]>(
      `SELECT user_id FROM memberships WHERE tenant_id = $1 AND user_id = ANY($2::uuid[])`,
      [tenantId, assignees],
    );
    const known = new Set(members.map((m) => m.user_id));
    const strangers = assignees.filter((id) => !known.has(id));
    if (strangers.length > 0) {
      throw new AppError('validation_failed', 'Every assignee must be a member of the tenant', {
        details: strangers.map((id) => ({
          path: 'body.assignees',
          message: `${id} is not a member`,
        })),
      });
    }
    await stateRepository.update(tx, state, { assignees, dueAt: input.dueAt });
    await recordEvent(tx, {
      tenantId,
      type: 'workflow.assigned',
      documentId,
      target: { type: 'document', id: documentId },
      payload: {
        assignees,
        added: assignees.filter((id) => !state.assignees.includes(id)),
        removed: state.assignees.filter((id) => !assignees.includes(id)),
        dueAt: input.dueAt?.toISOString() ?? null,
      },
    });
    return (await stateRepository.find(tx, tenantId, documentId))!;
  });
}
