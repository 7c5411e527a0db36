/**
 * The rows of the cross-tenant matrix (cross-tenant-matrix.int.test.ts): one per /api/v1 route,
 * with the concrete path and body that aim tenant B's credentials at tenant A's resources.
 */
import { randomBytes } from 'node:crypto';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
export interface Actor {
  slug: string;
  token: string;
  refreshToken: string;
  email: string;
  password: string;
  userId: string;
  tenantId: string;
}
export interface Row {
  method: Method;
  /** The route pattern exactly as the node registers it. */
  pattern: string;
  /** The concrete path with A's ids; absent where the route has no parameters. */
  path?: () => string;
  body?: () => Record<string, unknown>;
  /** Served without credentials or tenant (the API description): any 2xx–4xx, but no data. */
  isPublic?: boolean;
  /** On B's own host it answers with B's own data (search): checked only for leaks there. */
  isOwnTenantQuery?: boolean;
}

export const PASSWORD = 'matrix password 0123';
export const FAKE_ID = '00000000-0000-4000-8000-00000000a11a';
export const oneStageDefinition = {
  stages: [{ key: 'draft', name: 'Draft', initial: true }],
  transitions: [{ key: 't', name: 'T', from: ['draft'], to: 'draft' }],
};
export const unique = () => randomBytes(4).toString('hex');

/** The ids and names of A's resources the rows aim at (filled in by the test's setup). */
export interface MatrixIds {
  invitation: string;
  invitationToken: string;
  role: string;
  apiKey: string;
  apiKeyPrefix: string;
  domain: string;
  document: string;
  contentType: string;
  version: string;
  schedule: string;
  workflow: string;
  thread: string;
  comment: string;
}

/** Every route's row; `b` is the attacker, `aEditorId` a member of A. */
export function matrixRows(aIds: MatrixIds, b: Actor, aEditorId: string): Row[] {
  const cm = (rest: string) => () => `/api/v1/documents/${aIds.document}/comments${rest}`;
  const wf = (rest: string) => () => `/api/v1/documents/${aIds.document}/workflow${rest}`;
  const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();
  const docPath = (rest: string) => () => `/api/v1/documents/${aIds.document}${rest}`;

  return [
    { method: 'GET', pattern: '/api/v1/tenant' },
    { method: 'PATCH', pattern: '/api/v1/tenant', body: () => ({ name: 'pwned' }) },
    { method: 'GET', pattern: '/api/v1/domains' },
    {
      method: 'POST',
      pattern: '/api/v1/domains',
      body: () => ({ host: `b-${unique()}.example.com` }),
    },
    {
      method: 'POST',
      pattern: '/api/v1/domains/:host/verify',
      path: () => `/api/v1/domains/${aIds.domain}/verify`,
    },
    {
      method: 'POST',
      pattern: '/api/v1/domains/:host/primary',
      path: () => `/api/v1/domains/${aIds.domain}/primary`,
    },
    {
      method: 'DELETE',
      pattern: '/api/v1/domains/:host',
      path: () => `/api/v1/domains/${aIds.domain}`,
    },
    { method: 'GET', pattern: '/api/v1/auth/tenants' },
    {
      method: 'POST',
      pattern: '/api/v1/signup',
      body: () => ({
        tenantSlug: `x-${unique()}`,
        tenantName: 'X',
        email: b.email,
        password: PASSWORD,
      }),
    },
    { method: 'GET', pattern: '/api/v1/invitations' },
    {
      method: 'POST',
      pattern: '/api/v1/invitations',
      body: () => ({ email: `i-${unique()}@example.test`, role: 'viewer' }),
    },
    {
      method: 'POST',
      pattern: '/api/v1/invitations/accept',
      body: () => ({ token: aIds.invitationToken, password: PASSWORD }),
    },
    {
      method: 'POST',
      pattern: '/api/v1/invitations/:id/resend',
      path: () => `/api/v1/invitations/${aIds.invitation}/resend`,
    },
    {
      method: 'DELETE',
      pattern: '/api/v1/invitations/:id',
      path: () => `/api/v1/invitations/${aIds.invitation}`,
    },
    { method: 'GET', pattern: '/api/v1/members' },
    {
      method: 'GET',
      pattern: '/api/v1/members/:userId',
      path: () => `/api/v1/members/${aEditorId}`,
    },
    {
      method: 'PATCH',
      pattern: '/api/v1/members/:userId',
      path: () => `/api/v1/members/${aEditorId}`,
      body: () => ({ role: 'viewer' }),
    },
    {
      method: 'DELETE',
      pattern: '/api/v1/members/:userId',
      path: () => `/api/v1/members/${aEditorId}`,
    },
    { method: 'GET', pattern: '/api/v1/roles' },
    {
      method: 'POST',
      pattern: '/api/v1/roles',
      body: () => ({ key: `r${unique()}`, name: 'R', permissions: ['documents.read'] }),
    },
    {
      method: 'GET',
      pattern: '/api/v1/roles/:key',
      path: () => `/api/v1/roles/${aIds.role}`,
    },
    {
      method: 'PATCH',
      pattern: '/api/v1/roles/:key',
      path: () => `/api/v1/roles/${aIds.role}`,
      body: () => ({ name: 'pwned' }),
    },
    { method: 'DELETE', pattern: '/api/v1/roles/:key', path: () => `/api/v1/roles/${aIds.role}` },
    { method: 'GET', pattern: '/api/v1/audit-log' },
    { method: 'GET', pattern: '/api/v1/usage' },
    {
      method: 'GET',
      pattern: '/api/v1/usage',
      path: () => '/api/v1/usage?days=90',
      isOwnTenantQuery: true,
    },
    {
      method: 'POST',
      pattern: '/api/v1/auth/login',
      body: () => ({ email: b.email, password: b.password }),
    },
    {
      method: 'POST',
      pattern: '/api/v1/auth/refresh',
      body: () => ({ refreshToken: b.refreshToken }),
    },
    { method: 'POST', pattern: '/api/v1/auth/logout' },
    { method: 'POST', pattern: '/api/v1/auth/logout-all' },
    { method: 'GET', pattern: '/api/v1/auth/me' },
    { method: 'POST', pattern: '/api/v1/auth/mfa/totp/enrol' },
    { method: 'POST', pattern: '/api/v1/auth/mfa/totp/verify', body: () => ({ code: '123456' }) },
    {
      method: 'POST',
      pattern: '/api/v1/auth/mfa/totp/disable',
      body: () => ({ code: '123456' }),
    },
    {
      method: 'POST',
      pattern: '/api/v1/auth/mfa/recovery-codes',
      body: () => ({ code: '123456' }),
    },
    { method: 'GET', pattern: '/api/v1/api-keys' },
    {
      method: 'POST',
      pattern: '/api/v1/api-keys',
      body: () => ({ name: 'B key', scopes: ['documents.read'] }),
    },
    {
      method: 'GET',
      pattern: '/api/v1/api-keys/:id',
      path: () => `/api/v1/api-keys/${aIds.apiKey}`,
    },
    {
      method: 'DELETE',
      pattern: '/api/v1/api-keys/:id',
      path: () => `/api/v1/api-keys/${aIds.apiKey}`,
    },
    { method: 'GET', pattern: '/api/v1/documents' },
    { method: 'POST', pattern: '/api/v1/documents', body: () => ({ title: 'B doc' }) },
    {
      method: 'GET',
      pattern: '/api/v1/documents/:id',
      path: () => `/api/v1/documents/${aIds.document}`,
    },
    {
      method: 'PATCH',
      pattern: '/api/v1/documents/:id',
      path: () => `/api/v1/documents/${aIds.document}`,
      body: () => ({ title: 'pwned' }),
    },
    {
      method: 'DELETE',
      pattern: '/api/v1/documents/:id',
      path: () => `/api/v1/documents/${aIds.document}`,
    },
    // Content types and rendered content
    { method: 'GET', pattern: '/api/v1/content-types' },
    {
      method: 'POST',
      pattern: '/api/v1/content-types',
      body: () => ({ key: `b${unique()}`, name: 'B type' }),
    },
    {
      method: 'GET',
      pattern: '/api/v1/content-types/:key',
      path: () => `/api/v1/content-types/${aIds.contentType}`,
    },
    {
      method: 'PATCH',
      pattern: '/api/v1/content-types/:key',
      path: () => `/api/v1/content-types/${aIds.contentType}`,
      body: () => ({ name: 'pwned' }),
    },
    {
      method: 'DELETE',
      pattern: '/api/v1/content-types/:key',
      path: () => `/api/v1/content-types/${aIds.contentType}`,
    },
    {
      method: 'GET',
      pattern: '/api/v1/documents/:documentId/content',
      path: docPath('/content'),
    },
    // Versions
    {
      method: 'GET',
      pattern: '/api/v1/documents/:documentId/versions',
      path: docPath('/versions'),
    },
    {
      method: 'POST',
      pattern: '/api/v1/documents/:documentId/versions',
      path: docPath('/versions'),
      body: () => ({ label: 'pwned' }),
    },
    {
      method: 'GET',
      pattern: '/api/v1/documents/:documentId/versions/compare',
      path: () =>
        `/api/v1/documents/${aIds.document}/versions/compare?from=${aIds.version}&to=current`,
    },
    {
      method: 'GET',
      pattern: '/api/v1/documents/:documentId/versions/:versionId',
      path: () => `/api/v1/documents/${aIds.document}/versions/${aIds.version}?include=state`,
    },
    {
      method: 'POST',
      pattern: '/api/v1/documents/:documentId/versions/:versionId/restore',
      path: () => `/api/v1/documents/${aIds.document}/versions/${aIds.version}/restore`,
    },
    // Workflow
    { method: 'GET', pattern: '/api/v1/documents/:documentId/workflow', path: wf('') },
    {
      method: 'POST',
      pattern: '/api/v1/documents/:documentId/workflow/transitions',
      path: wf('/transitions'),
      body: () => ({ transition: 'submit' }),
    },
    {
      method: 'POST',
      pattern: '/api/v1/documents/:documentId/workflow/reviews',
      path: wf('/reviews'),
      body: () => ({ decision: 'approved' }),
    },
    {
      method: 'PUT',
      pattern: '/api/v1/documents/:documentId/workflow/assignment',
      path: wf('/assignment'),
      body: () => ({ assignees: [], dueAt: null }),
    },
    {
      method: 'GET',
      pattern: '/api/v1/documents/:documentId/workflow/schedules',
      path: wf('/schedules'),
    },
    {
      method: 'POST',
      pattern: '/api/v1/documents/:documentId/workflow/schedules',
      path: wf('/schedules'),
      body: () => ({ runAt: inAnHour() }),
    },
    {
      method: 'GET',
      pattern: '/api/v1/documents/:documentId/workflow/schedules/:scheduleId',
      path: wf(`/schedules/${aIds.schedule}`),
    },
    {
      method: 'PATCH',
      pattern: '/api/v1/documents/:documentId/workflow/schedules/:scheduleId',
      path: wf(`/schedules/${aIds.schedule}`),
      body: () => ({ runAt: inAnHour() }),
    },
    {
      method: 'DELETE',
      pattern: '/api/v1/documents/:documentId/workflow/schedules/:scheduleId',
      path: wf(`/schedules/${aIds.schedule}`),
    },
    // Comments
    { method: 'GET', pattern: '/api/v1/documents/:documentId/comments', path: cm('') },
    {
      method: 'POST',
      pattern: '/api/v1/documents/:documentId/comments',
      path: cm(''),
      body: () => ({ anchor: { kind: 'text', from: 0, to: 4 }, body: 'pwned' }),
    },
    {
      method: 'GET',
      pattern: '/api/v1/documents/:documentId/comments/:threadId',
      path: cm(`/${aIds.thread}`),
    },
    {
      method: 'POST',
      pattern: '/api/v1/documents/:documentId/comments/:threadId/replies',
      path: cm(`/${aIds.thread}/replies`),
      body: () => ({ body: 'pwned' }),
    },
    {
      method: 'GET',
      pattern: '/api/v1/documents/:documentId/comments/:threadId/comments/:commentId',
      path: cm(`/${aIds.thread}/comments/${aIds.comment}`),
    },
    {
      method: 'PATCH',
      pattern: '/api/v1/documents/:documentId/comments/:threadId/comments/:commentId',
      path: cm(`/${aIds.thread}/comments/${aIds.comment}`),
      body: () => ({ body: 'pwned' }),
    },
    {
      method: 'DELETE',
      pattern: '/api/v1/documents/:documentId/comments/:threadId/comments/:commentId',
      path: cm(`/${aIds.thread}/comments/${aIds.comment}`),
    },
    {
      method: 'POST',
      pattern: '/api/v1/documents/:documentId/comments/:threadId/resolve',
      path: cm(`/${aIds.thread}/resolve`),
    },
    {
      method: 'POST',
      pattern: '/api/v1/documents/:documentId/comments/:threadId/reopen',
      path: cm(`/${aIds.thread}/reopen`),
    },
    // API description, published delivery, previews
    { method: 'GET', pattern: '/api/v1/openapi.json', isPublic: true },
    { method: 'GET', pattern: '/api/v1/docs', isPublic: true },
    { method: 'GET', pattern: '/api/v1/published/documents' },
    {
      method: 'GET',
      pattern: '/api/v1/published/documents/:idOrSlug',
      path: () => `/api/v1/published/documents/${aIds.document}`,
    },
    { method: 'GET', pattern: '/api/v1/published/preview', isPublic: true },
    {
      method: 'POST',
      pattern: '/api/v1/documents/:documentId/preview-tokens',
      path: docPath('/preview-tokens'),
    },
    {
      method: 'GET',
      pattern: '/api/v1/search',
      path: () => '/api/v1/search?q=secret',
      isOwnTenantQuery: true,
    },
    // Webhooks (ids of A's sub-resources are unknown to B; random ones stand in)
    { method: 'GET', pattern: '/api/v1/webhooks' },
    {
      method: 'POST',
      pattern: '/api/v1/webhooks',
      body: () => ({ url: 'https://example.com/hook', eventTypes: ['*'] }),
    },
    ...(
      [
        ['GET', ''],
        ['PATCH', ''],
        ['DELETE', ''],
        ['POST', '/secrets'],
        ['DELETE', '/secrets/:secretId'],
        ['GET', '/deliveries'],
        ['GET', '/deliveries/:deliveryId'],
        ['POST', '/deliveries/:deliveryId/redeliver'],
        ['POST', '/ping'],
      ] as const
    ).map(([method, rest]) => ({
      method,
      pattern: `/api/v1/webhooks/:endpointId${rest}`,
      path: () => `/api/v1/webhooks/${FAKE_ID}${rest.replace(/:[a-zA-Z]+/g, FAKE_ID)}`,
      body: () => ({ description: 'pwned' }),
    })),
    { method: 'GET', pattern: '/api/v1/workflows' },
    // No `path`: on B's own host a PUT of A's key creates B's own definition (keys are per
    // tenant); the test below checks that it leaves A's untouched.
    {
      method: 'PUT',
      pattern: '/api/v1/workflows/:key',
      body: () => ({ name: 'pwned', definition: oneStageDefinition }),
    },
    {
      method: 'GET',
      pattern: '/api/v1/workflows/:key',
      path: () => `/api/v1/workflows/${aIds.workflow}`,
    },
    {
      method: 'DELETE',
      pattern: '/api/v1/workflows/:key',
      path: () => `/api/v1/workflows/${aIds.workflow}`,
    },
  ];
}
