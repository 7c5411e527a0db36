import type { RouteDoc } from '../../platform/http/openapi/route-doc.js';
import { commentBody, createThreadBody, listThreadsQuery } from './comments.schema.js';

const tags = ['comments'];
const base = '/documents/:documentId/comments';
const thread = { 200: { description: 'The thread' } };
const IF_MATCH =
  'With `If-Match` (the ETag a read returned), 412 `precondition_failed` with `details.current` when it changed since.';

/** Comment threads anchored in a document. */
export const commentsRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: base,
    summary: 'List threads (filter by status)',
    tags,
    permission: 'documents.read',
    query: listThreadsQuery,
    responses: { 200: { description: 'A page of threads' } },
  },
  {
    method: 'post',
    path: base,
    summary: 'Start a thread anchored at a text range',
    tags,
    permission: 'documents.comment',
    body: createThreadBody,
    responses: { 201: { description: 'The thread' } },
  },
  {
    method: 'get',
    path: `${base}/:threadId`,
    summary: 'One thread with its comments',
    tags,
    permission: 'documents.read',
    responses: thread,
  },
  {
    method: 'post',
    path: `${base}/:threadId/replies`,
    summary: 'Reply to a thread',
    tags,
    permission: 'documents.comment',
    body: commentBody,
    responses: { 201: { description: 'The comment' } },
  },
  {
    method: 'get',
    path: `${base}/:threadId/comments/:commentId`,
    summary: 'One comment (ETag)',
    tags,
    permission: 'documents.read',
    responses: { 200: { description: 'The comment' } },
  },
  {
    method: 'patch',
    path: `${base}/:threadId/comments/:commentId`,
    summary: 'Edit your own comment',
    description: IF_MATCH,
    tags,
    permission: 'documents.comment',
    body: commentBody,
    responses: { 200: { description: 'The comment' } },
  },
  {
    method: 'delete',
    path: `${base}/:threadId/comments/:commentId`,
    summary: 'Delete a comment (your own, or any with documents.delete)',
    description: IF_MATCH,
    tags,
    permission: 'documents.read',
    responses: { 204: { description: 'Deleted' } },
  },
  {
    method: 'post',
    path: `${base}/:threadId/resolve`,
    summary: 'Resolve a thread',
    tags,
    permission: 'documents.comment',
    responses: thread,
  },
  {
    method: 'post',
    path: `${base}/:threadId/reopen`,
    summary: 'Reopen a resolved thread',
    tags,
    permission: 'documents.comment',
    responses: thread,
  },
];
