import type { WorkflowDefinition } from './definition.schema.js';

/** The key of the built-in definition every tenant has (a stored one of that key replaces it). */
export const BUILT_IN_KEY = 'default';

/**
 * The built-in review workflow. An author submits a draft (its content is frozen as a version);
 * a reviewer approves that exact version or requests changes; someone who may publish publishes
 * the approved version. Revising a published document starts a new draft while the published
 * version stays live; archiving takes it offline.
 */
export const BUILT_IN_DEFINITION: { name: string; definition: WorkflowDefinition } = {
  name: 'Review and publish',
  definition: {
    stages: [
      { key: 'draft', name: 'Draft', initial: true },
      { key: 'in_review', name: 'In review' },
      { key: 'changes_requested', name: 'Changes requested' },
      { key: 'approved', name: 'Approved' },
      { key: 'published', name: 'Published' },
      { key: 'archived', name: 'Archived', terminal: true },
    ],
    transitions: [
      {
        key: 'submit',
        name: 'Submit for review',
        from: ['draft'],
        to: 'in_review',
        guards: { permission: 'documents.write' },
        actions: ['freeze_version', 'notify'],
      },
      {
        key: 'request_changes',
        name: 'Request changes',
        from: ['in_review'],
        to: 'changes_requested',
        guards: { permission: 'workflow.review' },
        actions: ['notify'],
      },
      {
        key: 'resubmit',
        name: 'Resubmit',
        from: ['changes_requested'],
        to: 'in_review',
        guards: { permission: 'documents.write' },
        actions: ['freeze_version', 'notify'],
      },
      {
        key: 'approve',
        name: 'Approve',
        from: ['in_review'],
        to: 'approved',
        guards: { permission: 'workflow.review', approvals: { required: 1, from: 'reviewers' } },
        actions: ['notify'],
      },
      {
        key: 'publish',
        name: 'Publish',
        from: ['approved'],
        to: 'published',
        guards: { permission: 'documents.publish' },
        actions: ['publish', 'notify'],
      },
      {
        key: 'revise',
        name: 'Revise',
        from: ['published', 'approved'],
        to: 'draft',
        guards: { permission: 'documents.write' },
        actions: [],
      },
      {
        key: 'archive',
        name: 'Archive',
        from: ['draft', 'published'],
        to: 'archived',
        guards: { permission: 'documents.publish' },
        actions: ['unpublish', 'notify'],
      },
    ],
  },
};
