/**
 * Browser-test harness: Debian's Chromium driven by playwright-core (never a downloaded
 * browser), pages that fail the test on console errors, screenshots into test-artifacts/, and
 * the admin UI build the server serves (built here when missing or older than its sources).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core';
import { waitUntil } from '../../server/src/test/wait.js';

const here = dirname(fileURLToPath(import.meta.url));
const adminUiDir = resolve(here, '..');
const repoRoot = resolve(adminUiDir, '..');

/** Where screenshots go (gitignored; CI keeps it as an artifact). */
export const ARTIFACTS_DIR = join(repoRoot, 'test-artifacts');

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Makes sure admin-ui/dist matches admin-ui/src: `npm run build` makes it, but a test run after
 * an edit would otherwise test the old UI. Parallel test files share one build (a lock dir).
 */
export async function ensureAdminUiBuilt(): Promise<void> {
  const index = join(adminUiDir, 'dist', 'index.html');
  const sources = Math.max(
    newestMtime(join(adminUiDir, 'src')),
    statSync(join(adminUiDir, 'index.html')).mtimeMs,
    statSync(join(adminUiDir, 'vite.config.ts')).mtimeMs,
  );
  const fresh = (): boolean => existsSync(index) && statSync(index).mtimeMs >= sources;
  if (fresh()) return;
  const lock = join(adminUiDir, '.build-lock');
  try {
    mkdirSync(lock);
  } catch {
    // Another test file is building: wait for its result.
    await waitUntil(() => !existsSync(lock), 'the admin UI build', 110_000, 250);
    if (fresh()) return;
    throw new Error('the admin UI build of another test file failed');
  }
  try {
    const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
    const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      cwd: adminUiDir,
      encoding: 'utf8',
    });
    if (result.status !== 0) {
      throw new Error(`admin UI build failed:\n${result.stdout}\n${result.stderr}`);
    }
  } finally {
    rmdirSync(lock);
  }
}

/** Launches the system Chromium headless. */
export function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} not found: install Debian's chromium (.ci/run does)`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** A browser context (one user: its own storage) whose page records console errors. */
export interface UserPage {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors seen so far. */
  errors: string[];
}

/** A fresh context and page; every console error and page error is recorded in `errors`. */
export async function openUserPage(browser: Browser): Promise<UserPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => {
    // A failed resource load names its URL only in the location.
    if (msg.type() === 'error') errors.push(`console: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  return { context, page, errors };
}

/** The admin UI URL of a tenant on a test server (`<slug>.localhost` resolves to loopback). */
export function adminUrl(serverUrl: string, slug: string, path = ''): string {
  const port = new URL(serverUrl).port;
  return `http://${slug}.localhost:${port}/admin/${path.replace(/^\//, '')}`;
}

/** Signs in through the sign-in form and waits for the signed-in shell. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Saves a PNG of a whole page or one element as test-artifacts/<name>.png; returns its path. */
export async function saveScreenshot(target: Page | Locator, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  if ('goto' in target) await target.screenshot({ path, fullPage: true });
  else await target.screenshot({ path });
  return path;
}
