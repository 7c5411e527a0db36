import type { RouteDoc } from '../../platform/http/openapi/route-doc.js';
import {
  assignmentBody,
  putDefinitionBody,
  rescheduleBody,
  reviewBody,
  scheduleBody,
  transitionBody,
} from './workflow.schema.js';

const tags = ['workflow'];
const base = '/documents/:documentId/workflow';
const view = { 200: { description: "The document's workflow state" } };
const IF_MATCH =
  'With `If-Match` (the ETag a read returned), 412 `precondition_failed` with `details.current` when it changed since.';

/** Workflow definitions and a document's workflow: transitions, reviews, assignment, schedules. */
export const workflowRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/workflows',
    summary: 'List workflow definitions',
    tags,
    permission: 'documents.read',
    responses: { 200: { description: 'The definitions' } },
  },
  {
    method: 'get',
    path: '/workflows/:key',
    summary: 'One workflow definition (ETag: its revision)',
    tags,
    permission: 'documents.read',
    responses: { 200: { description: 'The definition' } },
  },
  {
    method: 'put',
    path: '/workflows/:key',
    summary: 'Create or replace a definition (If-Match: the revision)',
    tags,
    permission: 'settings.manage',
    body: putDefinitionBody,
    responses: { 200: { description: 'The saved definition' } },
  },
  {
    method: 'delete',
    path: '/workflows/:key',
    summary: 'Delete an unused definition',
    tags,
    permission: 'settings.manage',
    responses: { 204: { description: 'Deleted' } },
  },
  {
    method: 'get',
    path: base,
    summary: "The document's stage, available transitions and reviews",
    tags,
    permission: 'documents.read',
    responses: view,
  },
  {
    method: 'post',
    path: `${base}/transitions`,
    summary: 'Run a transition (its own permission and guards apply)',
    tags,
    permission: 'documents.read',
    body: transitionBody,
    responses: view,
  },
  {
    method: 'post',
    path: `${base}/reviews`,
    summary: 'Approve or request changes',
    tags,
    permission: 'workflow.review',
    body: reviewBody,
    responses: view,
  },
  {
    method: 'put',
    path: `${base}/assignment`,
    summary: 'Assign reviewers (workflow.review or documents.write)',
    tags,
    permission: 'documents.write',
    body: assignmentBody,
    responses: view,
  },
  {
    method: 'get',
    path: `${base}/schedules`,
    summary: 'Pending scheduled transitions',
    tags,
    permission: 'documents.read',
    responses: { 200: { description: 'The schedules' } },
  },
  {
    method: 'post',
    path: `${base}/schedules`,
    summary: 'Schedule a transition (publish by default) for later',
    tags,
    permission: 'documents.read',
    body: scheduleBody,
    responses: { 201: { description: 'The schedule' } },
  },
  {
    method: 'get',
    path: `${base}/schedules/:scheduleId`,
    summary: 'One scheduled transition, in any status (ETag)',
    tags,
    permission: 'documents.read',
    responses: { 200: { description: 'The schedule' } },
  },
  {
    method: 'patch',
    path: `${base}/schedules/:scheduleId`,
    summary: 'Move a scheduled transition',
    description: IF_MATCH,
    tags,
    permission: 'documents.read',
    body: rescheduleBody,
    responses: { 200: { description: 'The schedule' } },
  },
  {
    method: 'delete',
    path: `${base}/schedules/:scheduleId`,
    summary: 'Cancel a scheduled transition',
    description: IF_MATCH,
    tags,
    permission: 'documents.read',
    responses: { 204: { description: 'Cancelled' } },
  },
];
