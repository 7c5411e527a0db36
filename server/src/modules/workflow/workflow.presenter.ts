import type { DefinitionRecord } from './definitions.repository.js';
import type { ReviewStanding } from './guards.js';
import type { ScheduleRecord } from './schedules.repository.js';
import type { PublicationRecord, TransitionRecord } from './state.repository.js';
import type { WorkflowView } from './workflow-view.js';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** A definition as the API shows it. */
export function presentDefinition(record: DefinitionRecord) {
  return {
    key: record.key,
    name: record.name,
    isDefault: record.isDefault,
    isBuiltIn: record.builtIn,
    revision: record.revision,
    definition: record.definition,
    createdAt: iso(record.createdAt),
    updatedAt: iso(record.updatedAt),
  };
}

/** A review with whether it is stale and whether it counts towards approvals. */
export function presentReview({ review, isStale, counts }: ReviewStanding) {
  return {
    id: review.id,
    versionId: review.versionId,
    contentHash: review.contentHash,
    reviewerId: review.reviewerId,
    decision: review.decision,
    note: review.note,
    createdAt: review.createdAt.toISOString(),
    isStale,
    counts,
  };
}

/** A scheduled transition. */
export function presentSchedule(schedule: ScheduleRecord) {
  return {
    id: schedule.id,
    documentId: schedule.documentId,
    transition: schedule.transition,
    runAt: schedule.runAt.toISOString(),
    status: schedule.status,
    failure: schedule.failure,
    createdBy: schedule.createdBy,
    createdAt: schedule.createdAt.toISOString(),
    updatedAt: schedule.updatedAt.toISOString(),
  };
}

/** The current publication, if any. */
export function presentPublication(publication: PublicationRecord | null) {
  if (!publication) return null;
  return {
    versionId: publication.versionId,
    publishedAt: publication.publishedAt.toISOString(),
    publishedBy: publication.publishedBy,
  };
}

function presentTransition(record: TransitionRecord) {
  return { ...record, createdAt: record.createdAt.toISOString() };
}

/** `GET /documents/:documentId/workflow` */
export function presentWorkflow(view: WorkflowView) {
  const { state, definition } = view.loaded;
  const stage = definition.definition.stages.find((s) => s.key === state.stage);
  return {
    documentId: state.documentId,
    workflow: { key: definition.key, name: definition.name, revision: definition.revision },
    stage: {
      key: state.stage,
      name: stage?.name ?? state.stage,
      isTerminal: stage?.terminal === true,
    },
    frozenVersionId: state.frozenVersionId,
    contentHash: view.currentHash,
    assignees: state.assignees,
    dueAt: iso(state.dueAt),
    staleApprovals: view.loaded.staleApprovals,
    transitions: view.available.map((t) => ({
      key: t.key,
      name: t.name,
      to: t.to,
      isAllowed: t.failures.length === 0,
      failures: t.failures,
    })),
    reviews: view.reviews.map(presentReview),
    publication: presentPublication(view.publication),
    schedules: view.schedules.map(presentSchedule),
    history: view.history.map(presentTransition),
    revision: state.revision,
  };
}
