import type { RouteDoc } from '../../platform/http/openapi/route-doc.js';
import {
  compareVersionsQuery,
  getVersionQuery,
  listVersionsQuery,
  versionLabelBody,
} from './versions.schema.js';

const tags = ['versions'];
const base = '/documents/:documentId/versions';

/** A document's immutable versions: list, checkpoint, compare, read, restore. */
export const versionsRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: base,
    summary: 'List versions, newest first',
    tags,
    permission: 'documents.read',
    query: listVersionsQuery,
    responses: { 200: { description: 'A page of versions' } },
  },
  {
    method: 'post',
    path: base,
    summary: 'Freeze the live content as a new version (optionally labelled)',
    tags,
    permission: 'documents.write',
    body: versionLabelBody,
    responses: { 201: { description: 'The version' } },
  },
  {
    method: 'get',
    path: `${base}/compare`,
    summary: 'Compare two versions field by field',
    tags,
    permission: 'documents.read',
    query: compareVersionsQuery,
    responses: { 200: { description: 'The changes' } },
  },
  {
    method: 'get',
    path: `${base}/:versionId`,
    summary: 'One version with its rendered content',
    tags,
    permission: 'documents.read',
    query: getVersionQuery,
    responses: { 200: { description: 'The version' } },
  },
  {
    method: 'post',
    path: `${base}/:versionId/restore`,
    summary: 'Restore a version into the live document (as a new version)',
    tags,
    permission: 'documents.write',
    body: versionLabelBody,
    responses: { 201: { description: 'The new version' } },
  },
];
