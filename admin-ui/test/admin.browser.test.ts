import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { verifyWebhookSignature } from '../../server/src/modules/webhooks/index.js';
import { startTestServer, type TestServer } from '../../server/src/test/test-server.js';
import { waitUntil } from '../../server/src/test/wait.js';
import {
  adminUrl,
  ensureAdminUiBuilt,
  launchBrowser,
  openUserPage,
  saveScreenshot,
  signIn,
  type UserPage,
} from './browser.js';
import { as, person, type Person } from './fixtures.js';

/**
 * Issue 9's administration done-when, in Chromium against the real server: an owner invites a
 * member, creates and revokes an API key, adds a webhook and sees a ping arrive in its delivery
 * log, changes the branding colour and sees it applied, reads the audit log and the usage page.
 * Each step is checked on the server side too (the key works, then fails; the receiver gets a
 * correctly signed ping), and the page logs no console error.
 */
// Browser tests may outlast the suite's 60 s default timeout, so each hook and test states its own.
const TIMEOUT = 120_000;

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A loopback webhook receiver that records every request and answers 200 "ok". */
async function startReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/hooks/folio`, received };
}

/**
 * Public DNS stands in for nothing a test can reach, so TXT lookups go to this table (the
 * server's own injection point for it; absent names answer ENOTFOUND like a real resolver).
 */
class TxtTable {
  readonly records = new Map<string, string[][]>();
  resolveTxt(name: string): Promise<string[][]> {
    const answer = this.records.get(name);
    if (answer) return Promise.resolve(answer);
    return Promise.reject(
      Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' }),
    );
  }
}

describe('admin UI administration (Chromium)', () => {
  const dns = new TxtTable();
  let server: TestServer;
  let browser: Browser;
  let owner: Person;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let user: UserPage;
  let page: Page;

  beforeAll(async () => {
    await ensureAdminUiBuilt();
    server = await startTestServer({
      label: 'admin_ui_admin',
      // The receiver listens on loopback, which the SSRF guard refuses unless told otherwise.
      env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' },
      dnsResolver: dns,
    });
    owner = await person(server, 'owner');
    receiver = await startReceiver();
    browser = await launchBrowser();
    user = await openUserPage(browser);
    page = user.page;
    await page.goto(adminUrl(server.url, owner.tenant.slug, 'settings/members'));
    await signIn(page, owner.email, owner.password);
  }, TIMEOUT);

  afterAll(async () => {
    await user?.context.close();
    await browser?.close();
    await new Promise((done) => receiver?.server.close(done));
    await server?.close();
  }, TIMEOUT);

  const host = () => `${owner.tenant.slug}.localhost`;
  const nav = (name: string) =>
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
  const secretShown = () => page.getByTestId('secret-value').textContent();
  const api = () => ({
    patch: (path: string, body: object) =>
      request(server.url)
        .patch(path)
        .set('Host', host())
        .set('Authorization', `Bearer ${owner.token}`)
        .send(body),
  });

  /**
   * Chromium logs every refused request on the console itself. The refusals a step provokes on
   * purpose (`count` of them, each matching `pattern`) are checked and taken out of the list, so
   * the final "no console errors" check still covers everything else.
   */
  function takeRefusals(before: number, count: number, pattern: RegExp): void {
    const fresh = user.errors.slice(before);
    expect(fresh).toHaveLength(count);
    for (const line of fresh) expect(line).toMatch(pattern);
    user.errors.splice(before);
  }

  it(
    'invites a member who accepts and then appears among the members',
    async () => {
      await page.getByRole('cell', { name: owner.email }).waitFor();
      await nav('Invitations').click();
      await page.getByRole('heading', { name: 'Invitations', level: 1 }).waitFor();
      const email = `invitee-${Date.now()}@example.test`;
      await page.getByRole('textbox', { name: 'Email' }).fill(email);
      await page.getByRole('combobox', { name: 'Role' }).selectOption('editor');
      await page.getByRole('button', { name: 'Send invitation' }).click();
      await page.getByRole('region', { name: `Invitation link for ${email}` }).waitFor();
      const link = (await secretShown()) ?? '';
      expect(link).toContain('/accept-invitation#token=');
      await page
        .getByRole('row', { name: new RegExp(email) })
        .getByText('pending')
        .waitFor();

      // The invitee accepts with the link's token; the members page then lists them.
      const token = decodeURIComponent(link.split('#token=')[1] ?? '');
      await request(server.url)
        .post('/api/v1/invitations/accept')
        .set('Host', host())
        .send({ token, password: 'a-long-enough-password-1', displayName: 'Ivy Invitee' })
        .expect(201);
      await nav('Members').click();
      const row = page.getByRole('row', { name: /Ivy Invitee/ });
      await row.waitFor();
      expect(await row.getByRole('combobox', { name: 'Role of Ivy Invitee' }).inputValue()).toBe(
        'editor',
      );
    },
    TIMEOUT,
  );

  it(
    'creates, edits and deletes a custom role, and changes a member’s role, refusing stale edits',
    async () => {
      await nav('Roles').click();
      const create = page.locator('form', {
        has: page.getByRole('heading', { name: 'New custom role' }),
      });
      await create.getByRole('textbox', { name: 'Key' }).fill('translator');
      await create.getByRole('textbox', { name: 'Name' }).fill('Translator');
      await create.getByRole('checkbox', { name: 'documents.comment' }).check();
      await create.getByRole('button', { name: 'Create role' }).click();
      await page.getByRole('status').getByText('Role Translator created.').waitFor();

      // Someone renames the role while this page edits it: the save is refused, not merged.
      const errorsBefore = user.errors.length;
      await page.getByRole('button', { name: 'Edit role Translator' }).click();
      const edit = page.locator('form', {
        has: page.getByRole('heading', { name: 'Edit Translator' }),
      });
      await api().patch('/api/v1/roles/translator', { name: 'Translator (API)' }).expect(200);
      await edit.getByRole('textbox', { name: 'Name' }).fill('Translators');
      await edit.getByRole('button', { name: 'Save role' }).click();
      await page
        .getByRole('alert')
        .getByText(/changed by someone else/)
        .waitFor();
      await page.getByRole('heading', { name: /^Translator \(API\)/ }).waitFor();
      takeRefusals(errorsBefore, 1, /status of 412 .*\/api\/v1\/roles\/translator\)$/);

      await page.getByRole('button', { name: 'Edit role Translator (API)' }).click();
      const again = page.locator('form', {
        has: page.getByRole('heading', { name: 'Edit Translator (API)' }),
      });
      await again.getByRole('textbox', { name: 'Name' }).fill('Translators');
      await again.getByRole('button', { name: 'Save role' }).click();
      await page.getByRole('status').getByText('Role Translators saved.').waitFor();
      const role = await as(server, owner).get('/api/v1/roles/translator').expect(200);
      expect(role.body.role).toMatchObject({
        name: 'Translators',
        permissions: expect.arrayContaining(['documents.read', 'documents.comment']),
      });

      // Members: give Ivy the new role; then a change made elsewhere is shown, not overwritten.
      await nav('Members').click();
      const ivyRole = page.getByRole('combobox', { name: 'Role of Ivy Invitee' });
      await ivyRole.selectOption('translator');
      await page.getByRole('status').getByText('Ivy Invitee is now Translators.').waitFor();
      const members = await as(server, owner).get('/api/v1/members').expect(200);
      const ivy = (
        members.body.items as { userId: string; displayName: string; role: string }[]
      ).find((m) => m.displayName === 'Ivy Invitee')!;
      expect(ivy.role).toBe('translator');
      await api().patch(`/api/v1/members/${ivy.userId}`, { role: 'viewer' }).expect(200);
      await ivyRole.selectOption('editor');
      await page
        .getByRole('alert')
        .getByText(/changed by someone else/)
        .waitFor();
      await waitUntil(
        async () => (await ivyRole.inputValue()) === 'viewer',
        'the current role shown',
      );
      const still = await as(server, owner).get(`/api/v1/members/${ivy.userId}`).expect(200);
      expect(still.body.member.role).toBe('viewer');

      // The role is unused again, so it can go.
      await nav('Roles').click();
      await page.getByRole('button', { name: 'Delete role Translators' }).click();
      await page.getByRole('button', { name: 'Confirm: Delete role Translators' }).click();
      await page.getByRole('status').getByText('Role Translators deleted.').waitFor();
      await as(server, owner).get('/api/v1/roles/translator').expect(404);
    },
    TIMEOUT,
  );

  it(
    'creates an API key that works, then revokes it from the keyboard and it stops working',
    async () => {
      await nav('API keys').click();
      await page.getByRole('textbox', { name: 'Name' }).fill('ci-reader');
      await page.getByRole('checkbox', { name: 'documents.read' }).check();
      await page.getByRole('button', { name: 'Create key' }).click();
      await page.getByRole('region', { name: 'Key ci-reader created' }).waitFor();
      const key = (await secretShown()) ?? '';
      expect(key).toMatch(/^folio_/);
      const withKey = () =>
        request(server.url)
          .get('/api/v1/documents')
          .set('Host', host())
          .set('Authorization', `Bearer ${key}`);
      await withKey().expect(200);

      const row = page.getByRole('row', { name: /ci-reader/ });
      await row.getByText('active').waitFor();
      // Keyboard only: focus Revoke, Enter; the confirmation takes focus, Enter again.
      await row.getByRole('button', { name: 'Revoke key ci-reader' }).focus();
      await page.keyboard.press('Enter');
      const confirm = row.getByRole('button', { name: 'Confirm: Revoke key ci-reader' });
      await waitUntil(() => confirm.evaluate((el) => el === document.activeElement), 'focus');
      await page.keyboard.press('Enter');
      await row.getByText('revoked').waitFor();
      await withKey().expect(401);
    },
    TIMEOUT,
  );

  it(
    'adds a webhook, pings it, and sees the signed delivery succeed in its log',
    async () => {
      await nav('Webhooks').click();
      await page.getByRole('textbox', { name: 'Payload URL' }).fill(receiver.url);
      await page.getByRole('textbox', { name: 'Description' }).fill('Loopback receiver');
      await page.getByRole('combobox', { name: 'Events' }).fill('document.*, workflow.*');
      await page.getByRole('button', { name: 'Add endpoint' }).click();
      await page.getByRole('region', { name: `Signing secret for ${receiver.url}` }).waitFor();
      const secret = (await secretShown()) ?? '';
      expect(secret).toMatch(/^whsec_/);

      await page
        .getByRole('button', { name: `Open ${receiver.url}: settings and deliveries` })
        .click();
      await page.getByRole('heading', { name: 'Delivery log' }).waitFor();
      await page.getByRole('button', { name: 'Send ping' }).click();

      // The receiver gets the ping, signed with the secret the page showed once.
      await waitUntil(() => receiver.received.length > 0, 'the ping at the receiver', 30_000);
      const ping = receiver.received[0]!;
      expect(ping.headers['folio-webhook-event']).toBe('webhook.ping');
      expect(
        verifyWebhookSignature({
          body: ping.body,
          timestamp: ping.headers['folio-webhook-timestamp'] as string,
          signature: ping.headers['folio-webhook-signature'] as string,
          secrets: [secret],
        }),
      ).toBe(true);

      // The log refreshes itself while the delivery is in flight and settles on "succeeded".
      const log = page.getByTestId('delivery-log');
      const delivery = log.locator('tr[data-status="succeeded"]', { hasText: 'webhook.ping' });
      await delivery.waitFor({ timeout: 30_000 });
      await delivery.getByText('HTTP 200').waitFor();
      await delivery.getByRole('button', { name: /Show/ }).click();
      await log.getByText(/HTTP 200 in \d+ ms/).waitFor();
      await saveScreenshot(page, 'admin-webhook-delivery-log');

      // An edit made elsewhere since the page read the endpoint is refused (If-Match) and shown.
      const endpointId = new URL(page.url()).searchParams.get('endpoint')!;
      const errorsBefore = user.errors.length;
      await page.getByRole('button', { name: 'Edit', exact: true }).click();
      await api()
        .patch(`/api/v1/webhooks/${endpointId}`, { description: 'Changed elsewhere' })
        .expect(200);
      await page.getByRole('textbox', { name: 'Description' }).fill('Mine');
      await page.getByRole('button', { name: 'Save endpoint' }).click();
      await page
        .getByRole('alert')
        .getByText(/changed by someone else/)
        .waitFor();
      await page.getByText('Changed elsewhere').first().waitFor();
      takeRefusals(errorsBefore, 1, /status of 412 .*\/api\/v1\/webhooks\/[0-9a-f-]+\)$/);
    },
    TIMEOUT,
  );

  it(
    'adds a custom domain, verifies it once its TXT record exists, and removes it',
    async () => {
      await nav('Domains').click();
      await page.getByRole('textbox', { name: 'Host name' }).fill('Docs.Example.com');
      await page.getByRole('button', { name: 'Add domain' }).click();
      const card = page
        .getByRole('listitem')
        .filter({ has: page.getByRole('heading', { name: 'docs.example.com' }) });
      await card.getByText('unverified').waitFor();
      const name = await card.getByText('_folio-verify.docs.example.com').textContent();
      const value = (await card.getByText(/^folio-verify=/).textContent()) ?? '';

      // Before the record exists the server says why it cannot verify; after, it verifies.
      const errorsBefore = user.errors.length;
      await card.getByRole('button', { name: 'Verify docs.example.com' }).click();
      await page.getByRole('alert').waitFor();
      takeRefusals(
        errorsBefore,
        1,
        /status of 4\d\d .*\/api\/v1\/domains\/docs\.example\.com\/verify\)$/,
      );
      dns.records.set(name!, [[value]]);
      await card.getByRole('button', { name: 'Verify docs.example.com' }).click();
      await card.getByText('verified', { exact: true }).waitFor();
      await card
        .getByRole('button', { name: 'Make docs.example.com the primary domain' })
        .waitFor();
      const listed = await as(server, owner).get('/api/v1/domains').expect(200);
      expect(listed.body.items).toEqual([
        expect.objectContaining({ host: 'docs.example.com', verified: true }),
      ]);

      await card.getByRole('button', { name: 'Remove docs.example.com' }).click();
      await card.getByRole('button', { name: 'Confirm: Remove docs.example.com' }).click();
      await page.getByRole('status').getByText('docs.example.com was removed.').waitFor();
      const after = await as(server, owner).get('/api/v1/domains').expect(200);
      expect(after.body.items).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'changes the branding colour and the shell applies it at once',
    async () => {
      await nav('Settings').click();
      const colour = page.getByRole('textbox', { name: 'Colour code' });
      await colour.fill('#aa3300');
      await page.getByRole('button', { name: 'Save branding' }).click();
      await page.getByRole('status').getByText('Branding saved.').waitFor();
      await waitUntil(
        async () =>
          (await page
            .locator('header.topbar')
            .evaluate((el) => getComputedStyle(el).backgroundColor)) === 'rgb(170, 51, 0)',
        'the new brand colour on the top bar',
      );
      const tenant = await as(server, owner).get('/api/v1/tenant').expect(200);
      expect(tenant.body.settings.branding.primaryColor).toBe('#aa3300');
      // A reload keeps it: the colour comes from the stored settings, not the form.
      await page.reload();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.dataset.brand)).toBe('#aa3300');
    },
    TIMEOUT,
  );

  it(
    'refuses to overwrite a settings change made elsewhere meanwhile, then shows and keeps it',
    async () => {
      // The page shows the settings as read; someone else changes the support contact now.
      await page.getByRole('heading', { name: 'Support contact' }).waitFor();
      const errorsBefore = user.errors.length;
      await api()
        .patch('/api/v1/tenant', {
          settings: { supportContact: { email: 'elsewhere@example.test' } },
        })
        .expect(200);

      const name = page.getByRole('textbox', { name: 'Tenant name' });
      await name.fill('Renamed in the UI');
      await page.getByRole('button', { name: 'Save general' }).click();
      await page
        .getByRole('alert')
        .getByText(/changed by someone else/)
        .waitFor();
      // The current version is on the page now, and nothing was overwritten.
      await waitUntil(
        async () =>
          (await page.getByRole('textbox', { name: 'Email' }).inputValue()) ===
          'elsewhere@example.test',
        'the reloaded support contact',
      );
      const untouched = await as(server, owner).get('/api/v1/tenant').expect(200);
      expect(untouched.body.name).not.toBe('Renamed in the UI');
      // Chromium logs the refused request itself; that one is expected, nothing else is.
      takeRefusals(errorsBefore, 1, /status of 412 .*\/api\/v1\/tenant\)$/);

      // Saving again, against the current version, goes through and keeps the other change.
      await name.fill('Renamed in the UI');
      await page.getByRole('button', { name: 'Save general' }).click();
      await page.getByRole('status').getByText('Name saved.').waitFor();
      const after = await as(server, owner).get('/api/v1/tenant').expect(200);
      expect(after.body.name).toBe('Renamed in the UI');
      expect(after.body.settings.supportContact.email).toBe('elsewhere@example.test');
      await page.getByRole('link', { name: /Renamed in the UI/ }).waitFor();
    },
    TIMEOUT,
  );

  it(
    'reads the audit log, filtered by action, with an entry’s details',
    async () => {
      await nav('Audit log').click();
      const log = page.getByTestId('audit-log');
      await log.getByRole('rowheader', { name: 'api_key.revoked' }).waitFor();
      await log.getByRole('rowheader', { name: 'tenant.settings_updated' }).first().waitFor();
      await page.getByRole('textbox', { name: 'Action' }).fill('invitation.created');
      await page.getByRole('button', { name: 'Filter' }).click();
      await waitUntil(
        async () =>
          (await log.getByRole('rowheader').allTextContents()).every(
            (a) => a === 'invitation.created',
          ) && (await log.getByRole('rowheader').count()) === 1,
        'only the invitation entry',
      );
      await log.getByRole('button', { name: /Show/ }).click();
      await log.getByText('Request id').waitFor();
    },
    TIMEOUT,
  );

  it(
    'shows usage against the plan’s quotas, with daily charts',
    async () => {
      await nav('Usage & quotas').click();
      const quotas = page.getByTestId('quotas');
      // Owner + invitee of the free plan's 5; one webhook endpoint, no active key (revoked).
      await quotas.getByRole('img', { name: 'Members: 2 of 5 (40%)' }).waitFor();
      await quotas.getByRole('img', { name: 'Webhook endpoints: 1 of no limit' }).waitFor();
      await quotas.getByRole('img', { name: 'Active API keys: 0 of no limit' }).waitFor();
      const charts = page.getByTestId('daily-charts');
      expect(await charts.getByRole('img').count()).toBe(5);
      // Today's ping is counted in the deliveries series.
      await charts.getByRole('img', { name: /^Webhook deliveries, .*: 1 in total/ }).waitFor();
      await saveScreenshot(page, 'admin-usage');
      expect(user.errors).toEqual([]);
    },
    TIMEOUT,
  );
});
