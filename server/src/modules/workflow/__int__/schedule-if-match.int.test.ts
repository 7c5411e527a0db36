/** ETag / If-Match on one scheduled transition (GET, PATCH, DELETE). */
import { checkIfMatch } from '../../../platform/http/__int__/if-match-check.js';
import {
  createDocument,
  memberOf,
  workflowPath,
  type TestMember,
} from '../../../test/workflow-support.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';

const hoursAhead = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString();

describe('If-Match on workflow schedules', () => {
  let server: TestServer;
  let owner: TestMember;
  let admin: TestMember;
  let path: string;

  beforeAll(async () => {
    server = await startTestServer({ label: 'schedules-if-match' });
    owner = await memberOf(server, 'owner');
    admin = await memberOf(server, 'admin', owner.tenant);
    path = workflowPath(await createDocument(owner, 'Scheduled'));
  }, 30_000);
  afterAll(async () => {
    await server?.close();
  });

  it('PATCH: stale refused with the current schedule, fresh and missing accepted', async () => {
    const created = await owner.post(`${path}/schedules`, { runAt: hoursAhead(1) }).expect(201);
    const one = `${path}/schedules/${created.body.id}`;
    const target = hoursAhead(3);
    const accepted = await checkIfMatch({
      read: () => owner.get(one),
      pick: (body) => body,
      change: (ifMatch) => {
        const req = owner.patch(one, { runAt: target });
        return ifMatch ? req.set('If-Match', ifMatch) : req;
      },
      interfere: () => admin.patch(one, { runAt: hoursAhead(2) }),
    });
    expect(new Date(accepted.body.runAt).toISOString()).toBe(target);
  });

  it('DELETE: a stale tag is refused with the current schedule, even one cancelled meanwhile', async () => {
    const created = await owner.post(`${path}/schedules`, { runAt: hoursAhead(1) }).expect(201);
    const one = `${path}/schedules/${created.body.id}`;
    const stale = (await owner.get(one).expect(200)).headers.etag as string;
    await admin.patch(one, { runAt: hoursAhead(5) }).expect(200);
    const refused = await owner.delete(one).set('If-Match', stale).expect(412);
    expect(refused.body.error.details.current).toMatchObject({ status: 'scheduled' });
    await owner.delete(one).set('If-Match', refused.body.error.details.etag).expect(204);
    const cancelled = await owner.get(one).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    // A tag from before the cancellation now learns the schedule is cancelled.
    const again = await owner.delete(one).set('If-Match', stale).expect(412);
    expect(again.body.error.details.current.status).toBe('cancelled');
  });
});
