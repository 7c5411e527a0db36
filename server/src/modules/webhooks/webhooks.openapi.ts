import type { RouteDoc } from '../../platform/http/openapi/route-doc.js';
import {
  createWebhookBody,
  listDeliveriesQuery,
  listWebhooksQuery,
  updateWebhookBody,
} from './webhooks.schema.js';

const tags = ['webhooks'];
const permission = 'webhooks.manage';

/** Webhook endpoints, their secrets and their delivery log. */
export const webhooksRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/webhooks',
    summary: "List the tenant's webhook endpoints (secrets by id only)",
    tags,
    permission,
    query: listWebhooksQuery,
    responses: { 200: { description: 'A page of endpoints with `nextCursor`' } },
  },
  {
    method: 'post',
    path: '/webhooks',
    summary: 'Create an endpoint; its first signing secret is returned this once',
    description:
      'The URL must be http(s), without credentials, and resolve to public addresses only ' +
      '(400 `validation_failed` otherwise).',
    tags,
    permission,
    body: createWebhookBody,
    responses: { 201: { description: 'The endpoint, with `secret: { id, value }`; ETag' } },
  },
  {
    method: 'get',
    path: '/webhooks/:endpointId',
    summary: 'One endpoint',
    tags,
    permission,
    responses: { 200: { description: 'The endpoint; ETag is its revision' } },
  },
  {
    method: 'patch',
    path: '/webhooks/:endpointId',
    summary: "Change an endpoint's URL, description, event types, activity or debounce",
    description: 'With `If-Match`, 412 `precondition_failed` when the endpoint changed since.',
    tags,
    permission,
    body: updateWebhookBody,
    responses: { 200: { description: 'The endpoint' } },
  },
  {
    method: 'delete',
    path: '/webhooks/:endpointId',
    summary: 'Delete an endpoint and its delivery log',
    tags,
    permission,
    responses: { 204: { description: 'Deleted' } },
  },
  {
    method: 'post',
    path: '/webhooks/:endpointId/secrets',
    summary: 'Rotate: add a signing secret (returned this once); the oldest beyond two is dropped',
    tags,
    permission,
    responses: { 201: { description: 'The endpoint, with `secret: { id, value }`' } },
  },
  {
    method: 'delete',
    path: '/webhooks/:endpointId/secrets/:secretId',
    summary: 'Revoke one signing secret (409 for the last one)',
    tags,
    permission,
    responses: { 200: { description: 'The endpoint' } },
  },
  {
    method: 'get',
    path: '/webhooks/:endpointId/deliveries',
    summary: "The endpoint's delivery log, newest first",
    tags,
    permission,
    query: listDeliveriesQuery,
    responses: { 200: { description: 'A page of deliveries with `nextCursor`' } },
  },
  {
    method: 'get',
    path: '/webhooks/:endpointId/deliveries/:deliveryId',
    summary: 'One delivery with its request body, attempts and response excerpt',
    tags,
    permission,
    responses: { 200: { description: 'The delivery' } },
  },
  {
    method: 'post',
    path: '/webhooks/:endpointId/deliveries/:deliveryId/redeliver',
    summary: "Deliver a finished delivery's event again, as a new delivery",
    tags,
    permission,
    responses: { 202: { description: 'The new delivery (pending)' } },
  },
  {
    method: 'post',
    path: '/webhooks/:endpointId/ping',
    summary: 'Send a `webhook.ping` event to the endpoint',
    tags,
    permission,
    responses: { 202: { description: 'The delivery (pending)' } },
  },
];
