import type { RouteDoc } from '../../platform/http/openapi/route-doc.js';
import { createContentTypeBody, updateContentTypeBody } from './content-type.schema.js';

const tags = ['content'];

/** Content types and a document's live content. */
export const contentRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/content-types',
    summary: 'List built-in and custom content types',
    tags,
    permission: 'documents.read',
    responses: { 200: { description: 'The content types' } },
  },
  {
    method: 'get',
    path: '/content-types/:key',
    summary: 'One content type with its fields',
    tags,
    permission: 'documents.read',
    responses: { 200: { description: 'The content type' } },
  },
  {
    method: 'post',
    path: '/content-types',
    summary: 'Create a custom content type',
    tags,
    permission: 'settings.manage',
    body: createContentTypeBody,
    responses: { 201: { description: 'The content type' } },
  },
  {
    method: 'patch',
    path: '/content-types/:key',
    summary: 'Change a custom content type (fields, name, description)',
    tags,
    permission: 'settings.manage',
    body: updateContentTypeBody,
    responses: { 200: { description: 'The content type' } },
  },
  {
    method: 'delete',
    path: '/content-types/:key',
    summary: 'Delete an unused custom content type',
    tags,
    permission: 'settings.manage',
    responses: { 204: { description: 'Deleted' } },
  },
  {
    method: 'get',
    path: '/documents/:documentId/content',
    summary: "A document's live content: fields, body and rendered HTML",
    tags,
    permission: 'documents.read',
    responses: { 200: { description: 'The content' } },
  },
];
