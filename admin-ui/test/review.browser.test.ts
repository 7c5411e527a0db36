import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../../server/src/test/test-server.js';
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
 * Issue 9's review done-when: a reviewer approves in one browser and the author's page shows
 * the new state without a reload; a comment on selected text reaches the author's sidebar live.
 */
// Browser tests may outlast the suite's 60 s default timeout, so each hook and test states its own.
const TIMEOUT = 120_000;

describe('admin UI review (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let author: Person;
  let reviewer: Person;
  const pages: UserPage[] = [];

  beforeAll(async () => {
    await ensureAdminUiBuilt();
    server = await startTestServer({ label: 'admin_ui_review' });
    author = await person(server, 'editor');
    reviewer = await person(server, 'reviewer', author.tenant);
    await as(server, author).post('/api/v1/documents', { title: 'Launch plan' }).expect(201);
    browser = await launchBrowser();
  }, TIMEOUT);

  afterAll(async () => {
    for (const p of pages) await p.context.close();
    await browser?.close();
    await server?.close();
  }, TIMEOUT);

  async function openDocument(who: Person): Promise<UserPage> {
    const user = await openUserPage(browser);
    pages.push(user);
    await user.page.goto(adminUrl(server.url, who.tenant.slug, 'documents'));
    await signIn(user.page, who.email, who.password);
    await user.page.getByRole('link', { name: 'Launch plan' }).click();
    await user.page.locator('[data-testid="connection"][data-state="connected"]').waitFor();
    return user;
  }

  const stage = (user: UserPage, key: string) =>
    user.page.locator(`[data-testid="workflow-stage"][data-stage="${key}"]`);

  it(
    'the author sees the reviewer’s approval and comment without reloading',
    async () => {
      const a = await openDocument(author);
      await a.page.getByTestId('editor').click();
      await a.page.keyboard.type('We launch on Monday with the whole team.');
      await a.page.locator('[data-testid="persisted"][data-persisted="true"]').waitFor();
      await stage(a, 'draft').waitFor();
      await a.page.getByRole('button', { name: 'Submit for review' }).click();
      await stage(a, 'in_review').waitFor();

      const r = await openDocument(reviewer);
      await stage(r, 'in_review').waitFor();
      await r.page.getByText('We launch on Monday').waitFor();
      // The reviewer selects "on Monday" and comments on it.
      await r.page.getByTestId('editor').evaluate((el) => {
        const text = el.querySelector('p')!.firstChild!;
        const start = text.textContent!.indexOf('on Monday');
        const range = document.createRange();
        range.setStart(text, start);
        range.setEnd(text, start + 'on Monday'.length);
        const selection = window.getSelection()!;
        selection.removeAllRanges();
        selection.addRange(range);
      });
      await r.page.getByLabel('Comment on the selected text').fill('Can we say which Monday?');
      await r.page.getByRole('button', { name: 'Add comment' }).click();
      await a.page.getByText('Can we say which Monday?').waitFor();
      await a.page.locator('.comment-anchor', { hasText: 'on Monday' }).waitFor();

      await r.page.getByRole('button', { name: 'Approve' }).click();
      await stage(r, 'approved').waitFor();
      // Live: the author's page follows, no reload.
      await stage(a, 'approved').waitFor();
      await a.page.getByRole('button', { name: 'Publish' }).waitFor();
      await saveScreenshot(a.page, 'review-panel-approved');
      await saveScreenshot(a.page.getByTestId('review-panel'), 'review-panel');

      for (const p of pages) expect(p.errors).toEqual([]);
    },
    TIMEOUT,
  );
});
