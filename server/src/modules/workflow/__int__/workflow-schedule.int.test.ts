import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { appendParagraph } from '../../../test/collab-client.js';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import { eventually } from '../../../test/wait.js';
import {
  createDocument,
  memberOf,
  workflowPath,
  type TestMember,
} from '../../../test/workflow-support.js';

interface Schedule {
  id: string;
  status: string;
  runAt: string;
  transition: string;
  failure: { code: string; details: { guard: string }[] } | null;
}

describe('workflow: scheduled transitions', () => {
  let database: TestDatabase;
  const running: TestServer[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('workflow_schedule');
  });
  afterAll(async () => {
    for (const server of running) await server.close();
    await database?.drop();
  });

  async function start(options: {
    redis: boolean;
    env: Record<string, string>;
  }): Promise<TestServer> {
    const server = await startTestServer({ database, ...options });
    running.push(server);
    return server;
  }

  async function stop(server: TestServer): Promise<void> {
    running.splice(running.indexOf(server), 1);
    await server.close();
  }

  /** A document in the built-in workflow, approved and ready to publish; its owner and author. */
  async function approvedDocument(server: TestServer) {
    const owner = await memberOf(server, 'owner');
    const reviewer = await memberOf(server, 'reviewer', owner.tenant);
    const documentId = await createDocument(owner);
    await server.node.content.change(owner.tenant.id, documentId, (doc) =>
      appendParagraph(doc, 'Scheduled news.'),
    );
    const path = workflowPath(documentId);
    await owner.post(`${path}/transitions`, { transition: 'submit' }).expect(200);
    await reviewer.post(`${path}/reviews`, { decision: 'approved' }).expect(201);
    await reviewer.post(`${path}/transitions`, { transition: 'approve' }).expect(200);
    return { owner, documentId, path };
  }

  const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

  /** The schedules as another node serves them (tokens are signed with the shared secret). */
  async function schedules(
    server: TestServer,
    owner: TestMember,
    path: string,
  ): Promise<Schedule[]> {
    const res = await request(server.url)
      .get(`${path}/schedules`)
      .set('Authorization', `Bearer ${owner.token}`)
      .expect(200);
    return res.body.items as Schedule[];
  }

  async function workflowOn(server: TestServer, owner: TestMember, path: string) {
    const res = await request(server.url)
      .get(path)
      .set('Authorization', `Bearer ${owner.token}`)
      .expect(200);
    return res.body as {
      stage: { key: string };
      frozenVersionId: string;
      publication: { versionId: string } | null;
    };
  }

  it('a scheduled publish fires after a restart (bull); cancelled ones do not, rescheduled ones run at the new time', async () => {
    const env = {
      FOLIO_SECRET: randomBytes(32).toString('base64url'),
      REDIS_KEY_PREFIX: `wf${randomBytes(4).toString('hex')}`,
    };
    const first = await start({ redis: true, env });
    const { owner, path, documentId } = await approvedDocument(first);
    const publish = await owner.post(`${path}/schedules`, { runAt: inMs(4000) }).expect(201);
    expect(publish.body).toMatchObject({ transition: 'publish', status: 'scheduled' });
    const cancelled = await owner.post(`${path}/schedules`, { runAt: inMs(3000) }).expect(201);
    await owner.delete(`${path}/schedules/${cancelled.body.id}`).expect(204);
    await owner.delete(`${path}/schedules/${cancelled.body.id}`).expect(409);
    const moved = await owner
      .post(`${path}/schedules`, { transition: 'publish', runAt: inMs(3500) })
      .expect(201);
    const movedTo = inMs(7000);
    const patched = await owner
      .patch(`${path}/schedules/${moved.body.id}`, { runAt: movedTo })
      .expect(200);
    expect(patched.body.runAt).toBe(movedTo);
    await owner
      .patch(`${path}/schedules/${moved.body.id}`, { runAt: '2001-01-01T00:00:00Z' })
      .expect(400);
    await stop(first);
    // The first node is gone before the publish is due: only the restarted one can run it.
    expect(Date.now()).toBeLessThan(Date.parse(publish.body.runAt));

    const second = await start({ redis: true, env });
    const published = await eventually(async () => {
      const view = await workflowOn(second, owner, path);
      return view.publication ? view : null;
    }, 15_000);
    expect(published.stage.key).toBe('published');
    expect(published.publication?.versionId).toBe(published.frozenVersionId);
    // The rescheduled one fires later, when the document is already published: it fails.
    const settled = await eventually(async () => {
      const items = await schedules(second, owner, path);
      return items.every((s) => s.status !== 'scheduled') ? items : null;
    }, 15_000);
    const byId = new Map(settled.map((s) => [s.id, s]));
    expect(byId.get(publish.body.id)?.status).toBe('done');
    expect(byId.get(cancelled.body.id)?.status).toBe('cancelled');
    expect(byId.get(moved.body.id)).toMatchObject({
      status: 'failed',
      runAt: movedTo,
      failure: {
        code: 'transition_blocked',
        details: [expect.objectContaining({ guard: 'stage' })],
      },
    });
    const audit = await eventually(async () => {
      const res = await request(second.url)
        .get(`/api/v1/audit-log?targetId=${documentId}`)
        .set('Authorization', `Bearer ${owner.token}`)
        .expect(200);
      const actions = (res.body.items as { action: string }[]).map((i) => i.action);
      return actions.includes('workflow.schedule_failed') ? actions : null;
    });
    expect(audit).toEqual(expect.arrayContaining(['document.published', 'workflow.scheduled']));
  }, 40_000);

  it('re-enqueues pending schedules on start when the queue was in memory', async () => {
    const env = { FOLIO_SECRET: randomBytes(32).toString('base64url') };
    const first = await start({ redis: false, env });
    const { owner, path } = await approvedDocument(first);
    await owner.post(`${path}/schedules`, { runAt: inMs(2500) }).expect(201);
    await stop(first);
    const second = await start({ redis: false, env });
    const view = await eventually(async () => {
      const current = await workflowOn(second, owner, path);
      return current.publication ? current : null;
    }, 15_000);
    expect(view.stage.key).toBe('published');
  }, 30_000);
});
