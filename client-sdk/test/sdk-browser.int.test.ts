/**
 * The browser bundle in a real browser (Debian's Chromium through playwright-core) against the
 * real server: built from the current sources with the package's Vite config (which also refuses
 * Node built-ins), loaded by a page on the server's origin, then used as an application would:
 * sign-in, localStorage tokens across a reload, a refresh under the Web Locks API, REST, GraphQL
 * over HTTP and over the browser's own WebSocket, and the live channel.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../../server/src/test/test-server.js';
import type * as SdkModule from '../src/index.js';
import { PASSWORD, passwordMember, type PasswordMember } from './sdk-support.js';

/** The bundle's exports: the package's own. */
type Sdk = typeof SdkModule;

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const sdkDir = fileURLToPath(new URL('..', import.meta.url));

/** What the page reports back. */
interface PageResult {
  signedIn: string;
  role: string | null;
  documents: number;
  refreshed: boolean;
  typename: unknown;
  overSocket: unknown;
  liveConnected: boolean;
}

describe('client SDK browser bundle in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let bundleDir: string;
  let member: PasswordMember;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} not found (CHROMIUM_PATH)`);
    bundleDir = await mkdtemp(join(tmpdir(), 'folio-sdk-bundle-'));
    // In a child process: Vite's bundler does not run inside Jest's VM module context.
    const vite = fileURLToPath(new URL('../../node_modules/vite/bin/vite.js', import.meta.url));
    const built = spawnSync(
      process.execPath,
      [
        vite,
        'build',
        '--config',
        'vite.browser.config.mjs',
        '--outDir',
        bundleDir,
        '--logLevel',
        'warn',
      ],
      { cwd: sdkDir, encoding: 'utf8' },
    );
    if (built.status !== 0) throw new Error(`browser bundle build failed:\n${built.stderr}`);
    server = await startTestServer({ label: 'sdk-browser' });
    member = await passwordMember(server, 'editor');
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        // The page is answered by playwright (no server address), which Chromium ranks "public"
        // and so blocks its websockets to 127.0.0.1. A page the server itself serves has no such
        // problem; this is the harness, not the SDK.
        '--disable-features=LocalNetworkAccessChecks',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (bundleDir) await rm(bundleDir, { recursive: true, force: true });
  });

  /** A page on the server's origin whose `/__sdk/*` are the bundle's files. */
  async function sdkPage(): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.text().includes('Yjs was already imported')) {
        errors.push(message.text());
      }
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.route(`${server.url}/__sdk/**`, async (route) => {
      const name = new URL(route.request().url()).pathname.slice('/__sdk/'.length);
      if (name === 'index.html') {
        return route.fulfill({
          contentType: 'text/html',
          body: '<!doctype html><title>sdk</title>',
        });
      }
      const body = await readFile(join(bundleDir, name)).catch(() => null);
      return body
        ? route.fulfill({ contentType: 'text/javascript', body })
        : route.fulfill({ status: 404, body: 'not found' });
    });
    await page.goto(`${server.url}/__sdk/index.html`);
    return { page, errors };
  }

  it('signs in, keeps tokens in localStorage and calls REST, GraphQL and live', async () => {
    const { page, errors } = await sdkPage();
    const args = { email: member.email, password: PASSWORD, tenant: member.tenant.slug };

    const result = await page.evaluate(async ({ email, password, tenant }): Promise<PageResult> => {
      const sdk = (await import('/__sdk/folio-sdk.js' as string)) as Sdk;
      const client = () =>
        sdk.createFolioClient({
          baseUrl: location.origin,
          tenant,
          tokenStore: sdk.localStorageTokenStore(`folio.test.${tenant}`),
        });
      const first = client();
      const login = await first.auth.login({ email, password });
      if (login.status !== 'signed-in') throw new Error(login.status);
      await first.close();

      // A second client on the same storage (a reload, another tab) is signed in already.
      const folio = client();
      const me = await folio.auth.me();
      const before = localStorage.getItem(`folio.test.${tenant}`);
      await folio.auth.getAccessToken({ forceRefresh: true });
      const refreshed = localStorage.getItem(`folio.test.${tenant}`) !== before;
      const page = await folio.rest.get<{ items: unknown[] }>('/api/v1/documents');
      const typename = await folio.graphql.query<{ __typename: string }>('{ __typename }');
      const overSocket = await new Promise((resolve, reject) => {
        folio.graphql.subscribe('{ __typename }', undefined, { next: resolve, error: reject });
      });
      const live = folio.live();
      await live.ready();
      const liveConnected = live.connected;
      await folio.close();
      return {
        signedIn: me.user.email,
        role: me.role,
        documents: page.items.length,
        refreshed,
        typename,
        overSocket,
        liveConnected,
      };
    }, args);

    expect(result).toEqual({
      signedIn: member.email,
      role: 'editor',
      documents: 0,
      refreshed: true,
      typename: { __typename: 'Query' },
      overSocket: { __typename: 'Query' },
      liveConnected: true,
    });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('reports a refused sign-in as FolioApiError with the server code', async () => {
    const { page } = await sdkPage();
    const refusal = await page.evaluate(async (tenant) => {
      const sdk = (await import('/__sdk/folio-sdk.js' as string)) as Sdk;
      const folio = sdk.createFolioClient({ baseUrl: location.origin, tenant });
      try {
        await folio.auth.login({ email: 'nobody@example.test', password: 'wrong password' });
        return null;
      } catch (error) {
        const e = error as InstanceType<typeof sdk.FolioApiError>;
        return { isApiError: error instanceof sdk.FolioApiError, status: e.status, code: e.code };
      }
    }, member.tenant.slug);
    expect(refusal).toEqual({ isApiError: true, status: 401, code: 'unauthenticated' });
    await page.close();
  });
});
