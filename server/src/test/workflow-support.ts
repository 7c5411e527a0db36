import request from 'supertest';
import { createMember } from './factories.js';
import { issueTestToken } from './sessions.js';
import type { TestServer } from './test-server.js';
import type { Tenant } from '../modules/tenancy/index.js';

/** A member of a tenant with a real token and request helpers against the test server. */
export interface TestMember {
  tenant: Tenant;
  userId: string;
  token: string;
  get(path: string): request.Test;
  post(path: string, body?: object): request.Test;
  put(path: string, body?: object): request.Test;
  patch(path: string, body?: object): request.Test;
  delete(path: string): request.Test;
}

/** A member with `role` (in `tenant`, or a new tenant), ready to call the API. */
export async function memberOf(
  server: TestServer,
  role: string,
  tenant?: Tenant,
): Promise<TestMember> {
  const m = await createMember(server.node.dataSource, { role, ...(tenant ? { tenant } : {}) });
  const token = await issueTestToken(server.node, { tenantId: m.tenant.id, userId: m.user.id });
  const auth = (test: request.Test) =>
    test.set('Authorization', `Bearer ${token}`).set('Host', `${m.tenant.slug}.localhost`);
  const agent = () => request(server.url);
  return {
    tenant: m.tenant,
    userId: m.user.id,
    token,
    get: (path) => auth(agent().get(path)),
    post: (path, body) => auth(agent().post(path)).send(body ?? {}),
    put: (path, body) => auth(agent().put(path)).send(body ?? {}),
    patch: (path, body) => auth(agent().patch(path)).send(body ?? {}),
    delete: (path) => auth(agent().delete(path)),
  };
}

/** A new document; returns its id. */
export async function createDocument(author: TestMember, title = 'Launch notes'): Promise<string> {
  const res = await author.post('/api/v1/documents', { title }).expect(201);
  return res.body.id as string;
}

/** Submit, then 2 approvals of 3 assignees publish: the rule of the issue's first done-when. */
export const TWO_OF_THREE = {
  name: 'Two of three',
  isDefault: true,
  definition: {
    stages: [
      { key: 'draft', name: 'Draft', initial: true },
      { key: 'in_review', name: 'In review' },
      { key: 'published', name: 'Published', terminal: true },
    ],
    transitions: [
      {
        key: 'submit',
        name: 'Submit',
        from: ['draft'],
        to: 'in_review',
        guards: { permission: 'documents.write' },
        actions: ['freeze_version', 'notify'],
      },
      {
        key: 'publish',
        name: 'Publish',
        from: ['in_review'],
        to: 'published',
        guards: { permission: 'documents.publish', approvals: { required: 2, from: 'assignees' } },
        actions: ['publish', 'notify'],
      },
    ],
  },
};

export const workflowPath = (documentId: string) => `/api/v1/documents/${documentId}/workflow`;
