import type { DataSource, EntityManager } from 'typeorm';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import { recordAudit } from '../../audit/index.js';
import { definitionsRepository, type DefinitionRecord } from '../definitions.repository.js';
import type { WorkflowDefinition } from '../definition.schema.js';

/** 412 unless `expected` (the If-Match revision) is the stored revision (0: not stored yet). */
function assertRevision(current: DefinitionRecord | null, expected: number | null): void {
  if (expected === null) return;
  const revision = current?.revision ?? 0;
  if (revision !== expected) {
    throw new AppError('precondition_failed', `The definition is at revision ${revision}`, {
      details: { revision },
    });
  }
}

/** 409 when documents sit in stages that `definition` (null: none) would no longer have. */
async function assertNoStranded(
  tx: EntityManager,
  tenantId: string,
  key: string,
  definition: WorkflowDefinition | null,
): Promise<void> {
  const kept = new Set(definition?.stages.map((s) => s.key) ?? []);
  const stranded = (await definitionsRepository.stagesInUse(tx, tenantId, key)).filter(
    (stage) => !kept.has(stage),
  );
  if (stranded.length > 0) {
    throw new AppError(
      'conflict',
      `Documents are in stages this change would remove: ${stranded.join(', ')}`,
      {
        details: { reason: 'stages_in_use', stages: stranded },
      },
    );
  }
}

/** Creates or replaces a tenant's workflow definition (optionally making it the default). */
export async function putDefinition(
  ds: DataSource,
  input: {
    tenantId: string;
    key: string;
    name: string;
    definition: WorkflowDefinition;
    isDefault: boolean;
    expectedRevision: number | null;
  },
): Promise<DefinitionRecord> {
  return withTenant(ds, input.tenantId, async (tx) => {
    const current = await definitionsRepository.lockStored(tx, input.tenantId, input.key);
    assertRevision(current, input.expectedRevision);
    await assertNoStranded(tx, input.tenantId, input.key, input.definition);
    await definitionsRepository.upsert(tx, input.tenantId, input);
    const saved = (await definitionsRepository.lockStored(tx, input.tenantId, input.key))!;
    await recordAudit(tx, {
      tenantId: input.tenantId,
      action: current ? 'workflow.definition_updated' : 'workflow.definition_created',
      targetType: 'workflow_definition',
      targetId: input.key,
      before: current ? { name: current.name, revision: current.revision } : null,
      after: { name: saved.name, revision: saved.revision, isDefault: saved.isDefault },
    });
    return saved;
  });
}

/** Deletes a stored definition (the built-in `default` comes back when it replaced that). */
export async function deleteDefinition(
  ds: DataSource,
  input: { tenantId: string; key: string; expectedRevision: number | null },
): Promise<void> {
  await withTenant(ds, input.tenantId, async (tx) => {
    const current = await definitionsRepository.lockStored(tx, input.tenantId, input.key);
    if (!current) throw new AppError('not_found', 'No such stored workflow definition');
    assertRevision(current, input.expectedRevision);
    await assertNoStranded(tx, input.tenantId, input.key, null);
    await definitionsRepository.remove(tx, input.tenantId, input.key);
    await recordAudit(tx, {
      tenantId: input.tenantId,
      action: 'workflow.definition_deleted',
      targetType: 'workflow_definition',
      targetId: input.key,
      before: { name: current.name, revision: current.revision },
      after: null,
    });
  });
}
