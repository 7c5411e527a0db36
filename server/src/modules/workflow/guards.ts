import type { Permission } from '../access/index.js';
import type { WorkflowDefinition, WorkflowTransition } from './definition.schema.js';
import type { ReviewRecord } from './reviews.repository.js';

/** `block`: approvals of content that changed since do not count; `allow`: they still do. */
export type StaleApprovalsPolicy = 'block' | 'allow';

/** Why a transition cannot be taken now; all failing guards are reported together. */
export type GuardFailure =
  | { guard: 'stage'; message: string; stage: string; from: string[] }
  | { guard: 'permission'; message: string; permission: Permission }
  | {
      guard: 'approvals';
      message: string;
      required: number;
      counted: number;
      stale: number;
      eligible: number | null;
    }
  | { guard: 'stale_approvals'; message: string; stale: number }
  | { guard: 'requiredPriorStage'; message: string; stage: string }
  | { guard: 'frozen_version'; message: string };

/** A review as the read model shows it: stale or not, counting towards approvals or not. */
export interface ReviewStanding {
  review: ReviewRecord;
  isStale: boolean;
  counts: boolean;
}

/** Everything guards are evaluated against, loaded by the caller. */
export interface GuardInput {
  definition: WorkflowDefinition;
  stage: string;
  permissions: ReadonlySet<Permission>;
  assignees: readonly string[];
  frozenVersionId: string | null;
  /** Decisions on the frozen version (one per reviewer). */
  reviews: readonly ReviewRecord[];
  /** The document's live content hash now. */
  currentHash: string;
  staleApprovals: StaleApprovalsPolicy;
  /** Whether the document reached a stage since it last entered the initial stage. */
  reachedStage: (stage: string) => boolean;
}

/** Marks each review stale or not and whether it counts towards an approvals guard. */
export function reviewStandings(
  input: Pick<GuardInput, 'reviews' | 'assignees' | 'currentHash' | 'staleApprovals'>,
  from: 'assignees' | 'reviewers',
): ReviewStanding[] {
  return input.reviews.map((review) => {
    const isStale = review.contentHash !== input.currentHash;
    const eligible = from === 'reviewers' || input.assignees.includes(review.reviewerId);
    const counts =
      review.decision === 'approved' && eligible && !(isStale && input.staleApprovals === 'block');
    return { review, isStale, counts };
  });
}

/** The approvals guard of the first transition out of `stage` that has one, for the read model. */
export function approvalsSourceAt(
  definition: WorkflowDefinition,
  stage: string,
): 'assignees' | 'reviewers' {
  const guarded = definition.transitions.find((t) => t.from.includes(stage) && t.guards.approvals);
  return guarded?.guards.approvals?.from ?? 'reviewers';
}

/** A stage where reviews may be recorded: a transition out of it needs approvals or a reviewer. */
export function isReviewStage(definition: WorkflowDefinition, stage: string): boolean {
  return definition.transitions.some(
    (t) =>
      t.from.includes(stage) &&
      (t.guards.approvals !== undefined || t.guards.permission === 'workflow.review'),
  );
}

/** Every guard of `transition` that fails for this input (empty: the transition may be taken). */
export function evaluateGuards(transition: WorkflowTransition, input: GuardInput): GuardFailure[] {
  const failures: GuardFailure[] = [];
  if (!transition.from.includes(input.stage)) {
    failures.push({
      guard: 'stage',
      message: `"${transition.key}" cannot be taken from stage "${input.stage}"`,
      stage: input.stage,
      from: transition.from,
    });
  }
  const { permission, approvals, requiredPriorStage } = transition.guards;
  if (permission && !input.permissions.has(permission)) {
    failures.push({ guard: 'permission', message: `needs permission ${permission}`, permission });
  }
  if (requiredPriorStage && !input.reachedStage(requiredPriorStage)) {
    failures.push({
      guard: 'requiredPriorStage',
      message: `the document has not been in stage "${requiredPriorStage}" in this round`,
      stage: requiredPriorStage,
    });
  }
  const needsFrozen = approvals !== undefined || transition.actions.includes('publish');
  if (needsFrozen && !input.frozenVersionId && !transition.actions.includes('freeze_version')) {
    failures.push({ guard: 'frozen_version', message: 'no version has been frozen for review' });
  }
  const standings = reviewStandings(input, approvals?.from ?? 'reviewers');
  const staleApprovals = standings.filter((s) => s.isStale && s.review.decision === 'approved');
  if (approvals) {
    const counted = standings.filter((s) => s.counts).length;
    const eligible = approvals.from === 'assignees' ? input.assignees.length : null;
    if (counted < approvals.required) {
      const blockedStale = input.staleApprovals === 'block' ? staleApprovals.length : 0;
      const staleNote = blockedStale > 0 ? ` (${blockedStale} stale approvals do not count)` : '';
      const pool = eligible === null ? '' : ` of ${eligible} assignees`;
      failures.push({
        guard: 'approvals',
        message: `needs ${approvals.required} approvals${pool}, has ${counted}${staleNote}`,
        required: approvals.required,
        counted,
        stale: staleApprovals.length,
        eligible,
      });
    }
  }
  // Publishing what was approved while the live content moved on needs the tenant's consent.
  if (
    transition.actions.includes('publish') &&
    !approvals &&
    input.staleApprovals === 'block' &&
    staleApprovals.length > 0
  ) {
    failures.push({
      guard: 'stale_approvals',
      message: `${staleApprovals.length} stale approvals: the document changed after it was approved`,
      stale: staleApprovals.length,
    });
  }
  return failures;
}
