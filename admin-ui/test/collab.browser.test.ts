import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../../server/src/test/test-server.js';
import { eventually } from '../../server/src/test/wait.js';
import {
  adminUrl,
  ensureAdminUiBuilt,
  launchBrowser,
  openUserPage,
  saveScreenshot,
  signIn,
  type UserPage,
} from './browser.js';
import { as, person, serverText, type Person } from './fixtures.js';

/**
 * Issue 9's editor done-when: two users in two browser contexts type into one document and
 * each sees the other's text and caret; a viewer's editor does not take input.
 */
// Browser tests may outlast the suite's 60 s default timeout, so each hook and test states its own.
const TIMEOUT = 120_000;

describe('admin UI editor (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let alice: Person;
  let bob: Person;
  let vera: Person;
  let documentId: string;
  const pages: UserPage[] = [];

  beforeAll(async () => {
    await ensureAdminUiBuilt();
    server = await startTestServer({ label: 'admin_ui_collab' });
    alice = await person(server, 'editor');
    bob = await person(server, 'editor', alice.tenant);
    vera = await person(server, 'viewer', alice.tenant);
    const res = await as(server, alice)
      .post('/api/v1/documents', { title: 'Co-written notes' })
      .expect(201);
    documentId = res.body.id as string;
    browser = await launchBrowser();
  }, TIMEOUT);

  afterAll(async () => {
    for (const p of pages) await p.context.close();
    await browser?.close();
    await server?.close();
  }, TIMEOUT);

  async function openEditor(who: Person): Promise<UserPage> {
    const user = await openUserPage(browser);
    pages.push(user);
    await user.page.goto(adminUrl(server.url, who.tenant.slug, `documents/${documentId}`));
    await signIn(user.page, who.email, who.password);
    await user.page.locator('[data-testid="connection"][data-state="connected"]').waitFor();
    await user.page.getByTestId('editor').waitFor();
    return user;
  }

  it(
    'two editors see each other’s text and caret; a viewer cannot type',
    async () => {
      const a = await openEditor(alice);
      const b = await openEditor(bob);
      const editorA = a.page.getByTestId('editor');
      const editorB = b.page.getByTestId('editor');

      await editorA.click();
      await a.page.keyboard.type('Hello from Alice.');
      await b.page.getByText('Hello from Alice.').waitFor();

      await editorB.click();
      await b.page.keyboard.press('Control+End');
      await b.page.keyboard.press('Enter');
      await b.page.keyboard.type('Bob was here.');
      await a.page.getByText('Bob was here.').waitFor();

      // Each sees the other's caret, labelled with their name, and avatars for both.
      await a.page.locator('.collab-caret__label', { hasText: bob.email }).waitFor();
      await b.page.locator('.collab-caret__label', { hasText: alice.email }).waitFor();
      await a.page.locator(`.avatar[data-user="${bob.userId}"]`).waitFor();

      // Durable: the server's rendered content has both lines.
      await eventually(async () => {
        const text = await serverText(server, alice, documentId);
        return text.includes('Hello from Alice.') && text.includes('Bob was here.');
      });
      await saveScreenshot(a.page, 'editor-two-users');

      const v = await openEditor(vera);
      const editorV = v.page.getByTestId('editor');
      await v.page.getByText('Bob was here.').waitFor();
      expect(await editorV.getAttribute('contenteditable')).toBe('false');
      expect(await editorV.getAttribute('aria-readonly')).toBe('true');
      await v.page.getByText('Read only').waitFor();
      await editorV.click();
      await v.page.keyboard.type('VIEWER TYPED');
      // The others keep typing; the viewer's keys never reach the document, here or on the server.
      await editorA.click();
      await a.page.keyboard.press('Control+End');
      await a.page.keyboard.type(' Final words.');
      await v.page.getByText('Final words.', { exact: false }).waitFor();
      expect(await editorV.innerText()).not.toContain('VIEWER TYPED');
      const stored = await eventually(async () => {
        const text = await serverText(server, alice, documentId);
        return text.includes('Final words.') ? text : null;
      });
      expect(stored).not.toContain('VIEWER TYPED');
      expect(await editorB.innerText()).not.toContain('VIEWER TYPED');

      // The indicator: every local change acknowledged as durable by the server.
      await a.page.locator('[data-testid="persisted"][data-persisted="true"]').waitFor();
      await b.page.locator('[data-testid="persisted"][data-persisted="true"]').waitFor();
      for (const p of pages) expect(p.errors).toEqual([]);
    },
    TIMEOUT,
  );
});
