import { withTenant } from '../../../platform/db/unit-of-work.js';
import { appendParagraph } from '../../../test/collab-client.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import { plainText } from '../../content/index.js';
import { findVersion } from '../../versions/index.js';
import { findPublication } from '../index.js';
import {
  createDocument,
  memberOf,
  TWO_OF_THREE,
  workflowPath,
  type TestMember,
} from '../../../test/workflow-support.js';

describe('workflow: approvals, guards and publishing', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ label: 'workflow' });
  });
  afterAll(async () => {
    await server?.close();
  });

  /** A tenant on the 2-of-3 rule: owner (publishes), author, three assigned reviewers, a document. */
  async function twoOfThreeTenant() {
    const owner = await memberOf(server, 'owner');
    await owner.put('/api/v1/workflows/two_of_three', TWO_OF_THREE).expect(200);
    const author = await memberOf(server, 'editor', owner.tenant);
    const reviewers: TestMember[] = [];
    for (let i = 0; i < 3; i += 1) reviewers.push(await memberOf(server, 'reviewer', owner.tenant));
    const documentId = await createDocument(author);
    await server.node.content.change(owner.tenant.id, documentId, (doc) =>
      appendParagraph(doc, 'The approved text.'),
    );
    await owner
      .put(`${workflowPath(documentId)}/assignment`, {
        assignees: reviewers.map((r) => r.userId),
        dueAt: '2030-01-01T00:00:00.000Z',
      })
      .expect(200);
    const submitted = await author
      .post(`${workflowPath(documentId)}/transitions`, { transition: 'submit' })
      .expect(200);
    expect(submitted.body).toMatchObject({
      workflow: { key: 'two_of_three' },
      stage: { key: 'in_review' },
      frozenVersionId: expect.any(String),
      dueAt: '2030-01-01T00:00:00.000Z',
    });
    return {
      owner,
      author,
      reviewers,
      documentId,
      frozenVersionId: submitted.body.frozenVersionId as string,
    };
  }

  const approve = (reviewer: TestMember, documentId: string) =>
    reviewer.post(`${workflowPath(documentId)}/reviews`, { decision: 'approved' }).expect(201);
  const publish = (owner: TestMember, documentId: string) =>
    owner.post(`${workflowPath(documentId)}/transitions`, { transition: 'publish' });

  it('a 2-of-3 rule blocks publishing after one approval, counts a repeat reviewer once, passes after two', async () => {
    const { owner, reviewers, documentId, frozenVersionId } = await twoOfThreeTenant();
    const [first, second] = reviewers as [TestMember, TestMember];
    await approve(first, documentId);
    const once = await publish(owner, documentId).expect(409);
    expect(once.body.error).toMatchObject({
      code: 'transition_blocked',
      details: [{ guard: 'approvals', required: 2, counted: 1, eligible: 3 }],
    });
    const twice = await approve(first, documentId);
    expect(twice.body.reviews).toHaveLength(1);
    const stillOnce = await publish(owner, documentId).expect(409);
    expect(stillOnce.body.error.details[0]).toMatchObject({ guard: 'approvals', counted: 1 });
    await approve(second, documentId);
    const published = await publish(owner, documentId).expect(200);
    expect(published.body).toMatchObject({
      stage: { key: 'published', isTerminal: true },
      publication: {
        versionId: frozenVersionId,
        publishedAt: expect.any(String),
        publishedBy: owner.userId,
      },
    });
    const row = await withTenant(server.node.dataSource, owner.tenant.id, (tx) =>
      findPublication(tx, owner.tenant.id, documentId),
    );
    expect(row?.versionId).toBe(frozenVersionId);
  });

  it('an edit after approval makes approvals stale: blocked under "block", the approved version published under "allow"', async () => {
    const { owner, reviewers, documentId, frozenVersionId } = await twoOfThreeTenant();
    await approve(reviewers[0]!, documentId);
    await approve(reviewers[1]!, documentId);
    await server.node.content.change(owner.tenant.id, documentId, (doc) =>
      appendParagraph(doc, 'Edited after approval.'),
    );
    const view = await owner.get(workflowPath(documentId)).expect(200);
    expect(view.body.staleApprovals).toBe('block');
    expect(view.body.reviews).toEqual([
      expect.objectContaining({ isStale: true, counts: false }),
      expect.objectContaining({ isStale: true, counts: false }),
    ]);
    const blocked = await publish(owner, documentId).expect(409);
    expect(blocked.body.error.code).toBe('transition_blocked');
    expect(blocked.body.error.message).toMatch(/stale approvals/);
    expect(blocked.body.error.details[0]).toMatchObject({
      guard: 'approvals',
      counted: 0,
      stale: 2,
    });

    await owner
      .patch('/api/v1/tenant', { settings: { workflow: { staleApprovals: 'maybe' } } })
      .expect(400);
    await owner
      .patch('/api/v1/tenant', { settings: { workflow: { staleApprovals: 'allow' } } })
      .expect(200);
    const allowed = await owner.get(workflowPath(documentId)).expect(200);
    expect(allowed.body.reviews).toEqual([
      expect.objectContaining({ isStale: true, counts: true }),
      expect.objectContaining({ isStale: true, counts: true }),
    ]);
    const published = await publish(owner, documentId).expect(200);
    expect(published.body.publication.versionId).toBe(frozenVersionId);
    const version = await withTenant(server.node.dataSource, owner.tenant.id, (tx) =>
      findVersion(tx, owner.tenant.id, documentId, frozenVersionId),
    );
    const text = plainText(version!.rendered.body);
    expect(text).toContain('The approved text.');
    expect(text).not.toContain('Edited after approval.');
  });

  it('runs the built-in workflow with its permission guards and history', async () => {
    const owner = await memberOf(server, 'owner');
    const author = await memberOf(server, 'editor', owner.tenant);
    const reviewer = await memberOf(server, 'reviewer', owner.tenant);
    const documentId = await createDocument(author);
    const path = workflowPath(documentId);
    const start = await author.get(path).expect(200);
    expect(start.body).toMatchObject({
      workflow: { key: 'default' },
      stage: { key: 'draft' },
      frozenVersionId: null,
      publication: null,
    });
    expect(start.body.transitions.map((t: { key: string }) => t.key)).toEqual([
      'submit',
      'archive',
    ]);
    await reviewer.post(`${path}/reviews`, { decision: 'approved' }).expect(409);
    await author.post(`${path}/transitions`, { transition: 'submit', note: 'ready' }).expect(200);
    const early = await author.post(`${path}/transitions`, { transition: 'approve' }).expect(409);
    expect(early.body.error.details.map((f: { guard: string }) => f.guard)).toEqual([
      'permission',
      'approvals',
    ]);
    await author.post(`${path}/reviews`, { decision: 'approved' }).expect(403);
    const reviewed = await reviewer
      .post(`${path}/reviews`, { decision: 'approved', note: 'lgtm' })
      .expect(201);
    expect(reviewed.body.reviews[0]).toMatchObject({
      reviewerId: reviewer.userId,
      isStale: false,
      counts: true,
    });
    await reviewer.post(`${path}/transitions`, { transition: 'approve' }).expect(200);
    const denied = await author.post(`${path}/transitions`, { transition: 'publish' }).expect(409);
    expect(denied.body.error.details).toEqual([
      expect.objectContaining({ guard: 'permission', permission: 'documents.publish' }),
    ]);
    await author.post(`${path}/transitions`, { transition: 'nope' }).expect(404);
    const done = await owner.post(`${path}/transitions`, { transition: 'publish' }).expect(200);
    expect(done.body.history.map((h: { transition: string }) => h.transition)).toEqual([
      'publish',
      'approve',
      'submit',
    ]);
    expect(done.body.publication.versionId).toBe(done.body.frozenVersionId);
    const revised = await author.post(`${path}/transitions`, { transition: 'revise' }).expect(200);
    expect(revised.body).toMatchObject({
      stage: { key: 'draft' },
      frozenVersionId: null,
      publication: { versionId: done.body.frozenVersionId },
    });
    const archived = await owner.post(`${path}/transitions`, { transition: 'archive' }).expect(200);
    expect(archived.body).toMatchObject({ stage: { key: 'archived' }, publication: null });
    // Deleting the document takes its workflow, reviews, versions and history with it.
    await author.delete(`/api/v1/documents/${documentId}`).expect(204);
    await author.get(path).expect(404);
  });

  it('checks the required prior stage within the current round', async () => {
    const owner = await memberOf(server, 'owner');
    await owner
      .put('/api/v1/workflows/rounds', {
        name: 'Rounds',
        isDefault: true,
        definition: {
          stages: [
            { key: 'draft', name: 'Draft', initial: true },
            { key: 'review', name: 'Review' },
            { key: 'ready', name: 'Ready' },
            { key: 'live', name: 'Live' },
          ],
          transitions: [
            { key: 'submit', name: 'Submit', from: ['draft'], to: 'review' },
            { key: 'ok', name: 'OK', from: ['review'], to: 'ready' },
            { key: 'recheck', name: 'Recheck', from: ['ready'], to: 'review' },
            {
              key: 'go',
              name: 'Go',
              from: ['review'],
              to: 'live',
              guards: { requiredPriorStage: 'ready' },
            },
          ],
        },
      })
      .expect(200);
    const documentId = await createDocument(owner);
    const take = (transition: string) =>
      owner.post(`${workflowPath(documentId)}/transitions`, { transition });
    await take('submit').expect(200);
    const blocked = await take('go').expect(409);
    expect(blocked.body.error.details).toEqual([
      expect.objectContaining({ guard: 'requiredPriorStage', stage: 'ready' }),
    ]);
    await take('ok').expect(200);
    await take('recheck').expect(200);
    const live = await take('go').expect(200);
    expect(live.body.stage.key).toBe('live');
  });

  it('validates definitions (400), guards replacement with If-Match (412) and lists the built-in', async () => {
    const owner = await memberOf(server, 'owner');
    const editor = await memberOf(server, 'editor', owner.tenant);
    const bad = await owner
      .put('/api/v1/workflows/broken', {
        name: 'Broken',
        definition: {
          stages: [
            { key: 'a', name: 'A', initial: true },
            { key: 'b', name: 'B', initial: true },
          ],
          transitions: [
            { key: 't', name: 'T', from: ['a'], to: 'c', guards: { approvals: { required: 0 } } },
          ],
        },
      })
      .expect(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect(bad.body.error.details.map((d: { message: string }) => d.message)).toEqual(
      expect.arrayContaining(['exactly one stage must be initial (found 2)']),
    );
    await editor.put('/api/v1/workflows/mine', TWO_OF_THREE).expect(403);
    const created = await owner
      .put('/api/v1/workflows/mine', { ...TWO_OF_THREE, isDefault: false })
      .expect(200);
    expect(created.body).toMatchObject({
      key: 'mine',
      revision: 1,
      isDefault: false,
      isBuiltIn: false,
    });
    await owner.put('/api/v1/workflows/mine', TWO_OF_THREE).set('If-Match', '"1"').expect(200);
    const stale = await owner
      .put('/api/v1/workflows/mine', TWO_OF_THREE)
      .set('If-Match', '"1"')
      .expect(412);
    expect(stale.body.error).toMatchObject({
      code: 'precondition_failed',
      details: { revision: 2 },
    });
    const listed = await editor.get('/api/v1/workflows').expect(200);
    expect(
      listed.body.items.map((d: { key: string; isDefault: boolean }) => [d.key, d.isDefault]),
    ).toEqual([
      ['default', false],
      ['mine', true],
    ]);
    const one = await editor.get('/api/v1/workflows/default').expect(200);
    expect(one.body.definition.stages.map((s: { key: string }) => s.key)).toEqual([
      'draft',
      'in_review',
      'changes_requested',
      'approved',
      'published',
      'archived',
    ]);
    await owner.delete('/api/v1/workflows/mine').set('If-Match', '"1"').expect(412);
    await owner.delete('/api/v1/workflows/mine').expect(204);
    await owner.get('/api/v1/workflows/mine').expect(404);
  });

  it('refuses to publish content its content type rejects (422) and leaves nothing published', async () => {
    const owner = await memberOf(server, 'owner');
    await owner
      .put('/api/v1/workflows/quick', {
        name: 'Quick',
        isDefault: true,
        definition: {
          stages: [
            { key: 'draft', name: 'Draft', initial: true },
            { key: 'live', name: 'Live' },
          ],
          transitions: [
            {
              key: 'go',
              name: 'Go',
              from: ['draft'],
              to: 'live',
              actions: ['freeze_version', 'publish'],
            },
          ],
        },
      })
      .expect(200);
    const documentId = await createDocument(owner);
    await server.node.content.change(owner.tenant.id, documentId, (doc) =>
      doc.getMap('fields').set('summary', 'x'.repeat(600)),
    );
    const refused = await owner
      .post(`${workflowPath(documentId)}/transitions`, { transition: 'go' })
      .expect(422);
    expect(refused.body.error.code).toBe('content_invalid');
    const view = await owner.get(workflowPath(documentId)).expect(200);
    expect(view.body).toMatchObject({ stage: { key: 'draft' }, publication: null });
  });

  it('assigns only members, with workflow.review or documents.write', async () => {
    const owner = await memberOf(server, 'owner');
    const viewer = await memberOf(server, 'viewer', owner.tenant);
    const outsider = await memberOf(server, 'reviewer');
    const documentId = await createDocument(owner);
    const path = `${workflowPath(documentId)}/assignment`;
    await viewer.put(path, { assignees: [], dueAt: null }).expect(403);
    const refused = await owner
      .put(path, { assignees: [outsider.userId], dueAt: null })
      .expect(400);
    expect(refused.body.error.details[0].message).toContain(outsider.userId);
    const ok = await owner
      .put(path, { assignees: [viewer.userId, viewer.userId], dueAt: null })
      .expect(200);
    expect(ok.body).toMatchObject({ assignees: [viewer.userId], dueAt: null });
  });

  it("gives another tenant's members 403/404 on every route and no data", async () => {
    const { owner, documentId } = await twoOfThreeTenant();
    const scheduled = await owner
      .post(`${workflowPath(documentId)}/schedules`, {
        runAt: new Date(Date.now() + 3600_000).toISOString(),
      })
      .expect(201);
    const stranger = await memberOf(server, 'owner');
    const path = workflowPath(documentId);
    const schedule = `${path}/schedules/${scheduled.body.id}`;
    const future = new Date(Date.now() + 7200_000).toISOString();
    const attempts = [
      stranger.get(path),
      stranger.post(`${path}/transitions`, { transition: 'publish' }),
      stranger.post(`${path}/reviews`, { decision: 'approved' }),
      stranger.put(`${path}/assignment`, { assignees: [], dueAt: null }),
      stranger.get(`${path}/schedules`),
      stranger.post(`${path}/schedules`, { runAt: future }),
      stranger.patch(schedule, { runAt: future }),
      stranger.delete(schedule),
      stranger.get('/api/v1/workflows/two_of_three'),
      stranger.delete('/api/v1/workflows/two_of_three'),
    ];
    for (const attempt of attempts) {
      const res = await attempt;
      expect([403, 404]).toContain(res.status);
      expect(JSON.stringify(res.body)).not.toContain(owner.tenant.id);
    }
    const listed = await stranger.get('/api/v1/workflows').expect(200);
    expect(listed.body.items.map((d: { key: string }) => d.key)).toEqual(['default']);
    const mine = await owner.get(`${path}/schedules`).expect(200);
    expect(mine.body.items).toEqual([
      expect.objectContaining({ id: scheduled.body.id, status: 'scheduled' }),
    ]);
    const view = await owner.get(path).expect(200);
    expect(view.body).toMatchObject({ stage: { key: 'in_review' }, assignees: expect.any(Array) });
  });
});
