import type { RouteDoc } from '../../platform/http/openapi/route-doc.js';
import { createApiKeyBody, listApiKeysQuery } from './api-keys.schema.js';
import { emptyBody, loginBody, refreshBody } from './auth.schema.js';
import { codeBody } from './mfa.schema.js';

const tags = ['identity'];
const ok = (description: string) => ({ 200: { description } });
const noContent = { 204: { description: 'Done' } };

/** Sign-in, sessions, second factors and API keys. */
export const identityRouteDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/auth/login',
    summary: 'Sign in with email and password (and a second factor when enrolled)',
    tags,
    permission: null,
    body: loginBody,
    responses: ok('An access token and a refresh token'),
  },
  {
    method: 'post',
    path: '/auth/refresh',
    summary: 'Rotate a refresh token for a new pair',
    tags,
    permission: null,
    body: refreshBody,
    responses: ok('A new access token and refresh token'),
  },
  {
    method: 'post',
    path: '/auth/logout',
    summary: 'End this session',
    tags,
    permission: 'member',
    body: emptyBody,
    responses: noContent,
  },
  {
    method: 'post',
    path: '/auth/logout-all',
    summary: "End every one of the user's sessions in this tenant",
    tags,
    permission: 'member',
    body: emptyBody,
    responses: noContent,
  },
  {
    method: 'get',
    path: '/auth/me',
    summary: 'The signed-in member: user, role and permissions',
    tags,
    permission: 'member',
    responses: ok('The member'),
  },
  {
    method: 'post',
    path: '/auth/mfa/totp/enrol',
    summary: 'Start TOTP enrolment: a secret and an otpauth URL',
    tags,
    permission: 'member',
    body: emptyBody,
    responses: ok('The pending secret'),
  },
  {
    method: 'post',
    path: '/auth/mfa/totp/verify',
    summary: 'Confirm TOTP enrolment with a code; returns recovery codes',
    tags,
    permission: 'member',
    body: codeBody,
    responses: ok('Recovery codes, shown once'),
  },
  {
    method: 'post',
    path: '/auth/mfa/totp/disable',
    summary: 'Turn the second factor off (needs a current code)',
    tags,
    permission: 'member',
    body: codeBody,
    responses: noContent,
  },
  {
    method: 'post',
    path: '/auth/mfa/recovery-codes',
    summary: 'Replace the recovery codes (needs a current code)',
    tags,
    permission: 'member',
    body: codeBody,
    responses: ok('New recovery codes, shown once'),
  },
  {
    method: 'get',
    path: '/api-keys',
    summary: "List the tenant's API keys",
    tags,
    permission: 'apiKeys.manage',
    query: listApiKeysQuery,
    responses: ok('A page of API keys (never their secrets)'),
  },
  {
    method: 'post',
    path: '/api-keys',
    summary: 'Create an API key with scopes; the token is shown once',
    tags,
    permission: 'apiKeys.manage',
    body: createApiKeyBody,
    responses: { 201: { description: 'The key and its token' } },
  },
  {
    method: 'get',
    path: '/api-keys/:id',
    summary: 'One API key',
    tags,
    permission: 'apiKeys.manage',
    responses: ok('The key'),
  },
  {
    method: 'delete',
    path: '/api-keys/:id',
    summary: 'Revoke an API key',
    tags,
    permission: 'apiKeys.manage',
    responses: noContent,
  },
];
