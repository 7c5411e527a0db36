import type { Permission } from '../access/index.js';
import { BUILT_IN_DEFINITION } from './default-definition.js';
import { workflowDefinitionSchema, type WorkflowTransition } from './definition.schema.js';
import { evaluateGuards, isReviewStage, type GuardInput } from './guards.js';
import type { ReviewRecord } from './reviews.repository.js';

const definition = workflowDefinitionSchema.parse({
  stages: [
    { key: 'draft', name: 'Draft', initial: true },
    { key: 'review', name: 'Review' },
    { key: 'live', name: 'Live' },
  ],
  transitions: [
    { key: 'submit', name: 'Submit', from: ['draft'], to: 'review', actions: ['freeze_version'] },
    {
      key: 'publish',
      name: 'Publish',
      from: ['review'],
      to: 'live',
      guards: { permission: 'documents.publish', approvals: { required: 2, from: 'assignees' } },
      actions: ['publish'],
    },
    {
      key: 'republish',
      name: 'Republish',
      from: ['live'],
      to: 'live',
      guards: { requiredPriorStage: 'review' },
      actions: ['publish'],
    },
  ],
});
const transition = (key: string) =>
  definition.transitions.find((t) => t.key === key) as WorkflowTransition;

let seq = 0;
const review = (
  reviewerId: string,
  hash = 'h1',
  decision: ReviewRecord['decision'] = 'approved',
): ReviewRecord => ({
  id: `r${(seq += 1)}`,
  versionId: 'v1',
  contentHash: hash,
  reviewerId,
  decision,
  note: null,
  createdAt: new Date(),
});

const input = (overrides: Partial<GuardInput> = {}): GuardInput => ({
  definition,
  stage: 'review',
  permissions: new Set<Permission>(['documents.publish']),
  assignees: ['a', 'b', 'c'],
  frozenVersionId: 'v1',
  reviews: [],
  currentHash: 'h1',
  staleApprovals: 'block',
  reachedStage: () => true,
  ...overrides,
});

const guards = (key: string, overrides: Partial<GuardInput> = {}) =>
  evaluateGuards(transition(key), input(overrides)).map((f) => f.guard);

describe('workflow guards', () => {
  it('2 of 3 assignees: one approval blocks, two distinct ones pass', () => {
    expect(guards('publish', { reviews: [review('a')] })).toEqual(['approvals']);
    expect(guards('publish', { reviews: [review('a'), review('b')] })).toEqual([]);
  });

  it('counts only assignees and only approvals', () => {
    expect(guards('publish', { reviews: [review('a'), review('x')] })).toEqual(['approvals']);
    expect(
      guards('publish', { reviews: [review('a'), review('b', 'h1', 'changes_requested')] }),
    ).toEqual(['approvals']);
  });

  it('stale approvals block under block and count under allow', () => {
    const reviews = [review('a', 'h0'), review('b', 'h0')];
    const blocked = evaluateGuards(transition('publish'), input({ reviews }));
    expect(blocked).toEqual([
      expect.objectContaining({ guard: 'approvals', counted: 0, stale: 2 }),
    ]);
    expect(blocked[0]!.message).toMatch(/stale/);
    expect(guards('publish', { reviews, staleApprovals: 'allow' })).toEqual([]);
  });

  it('reports every failing guard at once', () => {
    expect(
      guards('publish', { stage: 'draft', permissions: new Set(), frozenVersionId: null }),
    ).toEqual(['stage', 'permission', 'frozen_version', 'approvals']);
  });

  it('checks the required prior stage', () => {
    expect(guards('republish', { stage: 'live', reachedStage: () => false })).toEqual([
      'requiredPriorStage',
    ]);
  });

  it('blocks publishing stale approvals in the built-in workflow unless the tenant allows it', () => {
    const builtIn = BUILT_IN_DEFINITION.definition;
    const publish = builtIn.transitions.find((t) => t.key === 'publish')!;
    const base = input({ definition: builtIn, stage: 'approved', reviews: [review('a', 'h0')] });
    expect(evaluateGuards(publish, base).map((f) => f.guard)).toEqual(['stale_approvals']);
    expect(evaluateGuards(publish, { ...base, staleApprovals: 'allow' })).toEqual([]);
    expect(isReviewStage(builtIn, 'in_review')).toBe(true);
    expect(isReviewStage(builtIn, 'draft')).toBe(false);
  });
});
