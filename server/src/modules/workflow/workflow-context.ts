import type { EntityManager } from 'typeorm';
import { AppError } from '../../platform/errors.js';
import type { Permission } from '../access/index.js';
import { TenantEntity } from '../tenancy/index.js';
import { definitionsRepository, type DefinitionRecord } from './definitions.repository.js';
import type { WorkflowStage } from './definition.schema.js';
import type { GuardInput, StaleApprovalsPolicy } from './guards.js';
import { reviewsRepository, type ReviewRecord } from './reviews.repository.js';
import { stateRepository, type WorkflowState } from './state.repository.js';

/** Who takes a transition: a member, an API key (no user), or the scheduling member in a job. */
export interface WorkflowActor {
  readonly userId: string | null;
  readonly permissions: ReadonlySet<Permission>;
}

/** A document's workflow with everything its guards look at, as of one transaction. */
export interface LoadedWorkflow {
  state: WorkflowState;
  definition: DefinitionRecord;
  contentType: string;
  reviews: ReviewRecord[];
  staleApprovals: StaleApprovalsPolicy;
  /** The stages entered since the document last entered the initial stage. */
  stagesThisRound: string[];
}

/** The definition's initial stage (the schema guarantees exactly one). */
export function initialStage(definition: DefinitionRecord): WorkflowStage {
  const stage = definition.definition.stages.find((s) => s.initial === true);
  if (!stage) throw new Error(`workflow ${definition.key} has no initial stage`);
  return stage;
}

/** The tenant's stale-approvals setting (`block` unless the tenant allows them). */
export async function staleApprovalsPolicy(
  tx: EntityManager,
  tenantId: string,
): Promise<StaleApprovalsPolicy> {
  const tenant = await tx.getRepository(TenantEntity).findOneBy({ id: tenantId });
  return tenant?.settings.workflow?.staleApprovals ?? 'block';
}

/**
 * Loads (and on first use creates, in the tenant's default definition's initial stage) the
 * document's workflow row; 404 when the document does not exist for this tenant. With `lock`,
 * the row stays locked for the rest of the transaction.
 */
export async function loadWorkflow(
  tx: EntityManager,
  tenantId: string,
  documentId: string,
  options: { lock?: boolean } = {},
): Promise<LoadedWorkflow> {
  const contentType = await stateRepository.documentContentType(tx, tenantId, documentId);
  if (contentType === null) throw new AppError('not_found', 'No such document');
  let state = await stateRepository.find(tx, tenantId, documentId, options);
  if (!state) {
    const fallback = await definitionsRepository.tenantDefault(tx, tenantId);
    await stateRepository.ensure(tx, {
      tenantId,
      documentId,
      workflowKey: fallback.key,
      stage: initialStage(fallback).key,
    });
    state = (await stateRepository.find(tx, tenantId, documentId, options))!;
  }
  const definition = await definitionsRepository.find(tx, tenantId, state.workflowKey);
  if (!definition)
    throw new AppError('conflict', `The document's workflow "${state.workflowKey}" is gone`);
  const reviews = state.frozenVersionId
    ? await reviewsRepository.forVersion(tx, tenantId, documentId, state.frozenVersionId)
    : [];
  return {
    state,
    definition,
    contentType,
    reviews,
    staleApprovals: await staleApprovalsPolicy(tx, tenantId),
    stagesThisRound: await stateRepository.stagesThisRound(
      tx,
      tenantId,
      documentId,
      initialStage(definition).key,
    ),
  };
}

/** The guard input for an actor, given the document's live content hash. */
export function guardInput(
  loaded: LoadedWorkflow,
  actor: WorkflowActor,
  currentHash: string,
): GuardInput {
  const reached = new Set([...loaded.stagesThisRound, loaded.state.stage]);
  return {
    definition: loaded.definition.definition,
    stage: loaded.state.stage,
    permissions: actor.permissions,
    assignees: loaded.state.assignees,
    frozenVersionId: loaded.state.frozenVersionId,
    reviews: loaded.reviews,
    currentHash,
    staleApprovals: loaded.staleApprovals,
    reachedStage: (stage) => reached.has(stage),
  };
}
