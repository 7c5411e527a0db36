import type { RouteDoc } from '../../platform/http/openapi/route-doc.js';
import { createDocumentBody, listDocumentsQuery, updateDocumentBody } from './documents.schema.js';

const tags = ['documents'];

/** Documents: create, list, read, rename, delete. */
export const documentsRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/documents',
    summary: 'List documents',
    tags,
    permission: 'documents.read',
    query: listDocumentsQuery,
    responses: { 200: { description: 'A page of documents' } },
  },
  {
    method: 'post',
    path: '/documents',
    summary: 'Create a document of a content type',
    tags,
    permission: 'documents.write',
    body: createDocumentBody,
    responses: { 201: { description: 'The document' } },
  },
  {
    method: 'get',
    path: '/documents/:id',
    summary: 'One document',
    tags,
    permission: 'documents.read',
    responses: { 200: { description: 'The document' } },
  },
  {
    method: 'patch',
    path: '/documents/:id',
    summary: 'Rename a document or change its slug',
    tags,
    permission: 'documents.write',
    body: updateDocumentBody,
    responses: { 200: { description: 'The document' } },
  },
  {
    method: 'delete',
    path: '/documents/:id',
    summary: 'Delete a document and everything it owns',
    tags,
    permission: 'documents.delete',
    responses: { 204: { description: 'Deleted' } },
  },
];
