import { z } from 'zod';
import { PERMISSIONS } from '../access/index.js';

const KEY = /^[a-z][a-z0-9_-]{0,63}$/;
const key = z.string().regex(KEY, 'a key such as in_review (lower-case, digits, _ or -)');
const name = z.string().trim().min(1).max(200);

/** What a transition does once its guards pass, in this order. */
export const WORKFLOW_ACTIONS = ['freeze_version', 'publish', 'unpublish', 'notify'] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

const stageSchema = z
  .object({
    key,
    name,
    initial: z.boolean().optional(),
    terminal: z.boolean().optional(),
  })
  .strict();

const guardsSchema = z
  .object({
    permission: z.enum(PERMISSIONS).optional(),
    approvals: z
      .object({
        required: z.number().int().min(1).max(50),
        from: z.enum(['assignees', 'reviewers']).default('reviewers'),
      })
      .strict()
      .optional(),
    requiredPriorStage: key.optional(),
  })
  .strict();

const transitionSchema = z
  .object({
    key,
    name,
    from: z.array(key).min(1).max(50),
    to: key,
    guards: guardsSchema.default({}),
    actions: z.array(z.enum(WORKFLOW_ACTIONS)).max(WORKFLOW_ACTIONS.length).default([]),
  })
  .strict();

/** The body of a workflow definition: its stages and the transitions between them. */
export const workflowDefinitionSchema = z
  .object({
    stages: z.array(stageSchema).min(1).max(50),
    transitions: z.array(transitionSchema).min(1).max(100),
  })
  .strict()
  .superRefine((definition, ctx) => {
    for (const issue of graphIssues(definition)) ctx.addIssue({ code: 'custom', ...issue });
  });

/** A validated workflow definition (defaults filled in). */
export type WorkflowDefinition = z.infer<typeof workflowDefinitionSchema>;
/** One stage of a definition. */
export type WorkflowStage = WorkflowDefinition['stages'][number];
/** One transition of a definition, with its guards and actions. */
export type WorkflowTransition = WorkflowDefinition['transitions'][number];
/** The guards of a transition. */
export type WorkflowGuards = WorkflowTransition['guards'];

function duplicates(values: string[]): string[] {
  return [...new Set(values.filter((value, index) => values.indexOf(value) !== index))];
}

/**
 * What zod's shape checks cannot see: keys unique, exactly one initial stage, every stage a
 * transition names exists, and no action list that contradicts itself.
 */
function graphIssues(definition: {
  stages: { key: string; initial?: boolean | undefined }[];
  transitions: {
    key: string;
    from: string[];
    to: string;
    guards: { approvals?: unknown; requiredPriorStage?: string | undefined };
    actions: WorkflowAction[];
  }[];
}): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const stageKeys = definition.stages.map((s) => s.key);
  const stages = new Set(stageKeys);
  for (const dup of duplicates(stageKeys))
    issues.push({ path: ['stages'], message: `stage key "${dup}" is used twice` });
  for (const dup of duplicates(definition.transitions.map((t) => t.key)))
    issues.push({ path: ['transitions'], message: `transition key "${dup}" is used twice` });
  const initial = definition.stages.filter((s) => s.initial === true).length;
  if (initial !== 1)
    issues.push({
      path: ['stages'],
      message: `exactly one stage must be initial (found ${initial})`,
    });
  definition.transitions.forEach((t, i) => {
    const at = (...rest: (string | number)[]) => ['transitions', i, ...rest];
    t.from.forEach((from, j) => {
      if (!stages.has(from)) issues.push({ path: at('from', j), message: `no stage "${from}"` });
    });
    if (!stages.has(t.to)) issues.push({ path: at('to'), message: `no stage "${t.to}"` });
    const prior = t.guards.requiredPriorStage;
    if (prior !== undefined && !stages.has(prior))
      issues.push({ path: at('guards', 'requiredPriorStage'), message: `no stage "${prior}"` });
    for (const dup of duplicates(t.actions))
      issues.push({ path: at('actions'), message: `action "${dup}" is listed twice` });
    if (t.actions.includes('publish') && t.actions.includes('unpublish'))
      issues.push({ path: at('actions'), message: 'publish and unpublish exclude each other' });
    // Approvals bind to the version frozen before; freezing anew would publish unapproved content.
    if (t.guards.approvals !== undefined && t.actions.includes('freeze_version'))
      issues.push({
        path: at('actions'),
        message: 'a transition guarded by approvals cannot freeze a new version',
      });
  });
  return issues;
}
