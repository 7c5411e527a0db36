/**
 * The README's promise, end to end: the compiled entry point (`npm start` runs it after building)
 * brings up a node on an embedded PostgreSQL, keeps data across restarts, stops cleanly on SIGTERM
 * and recovers after kill -9. Run `npm run build` first (`npm test` does).
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  assertCompiled,
  childEnv,
  compiledEntry,
  spawnCompiledServer,
  type ExitStatus,
} from '../../test/compiled-server.js';
import { waitUntil } from '../../test/wait.js';

interface Started {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<ExitStatus>;
}

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return childEnv({ LOG_LEVEL: 'info', ...extra });
}

async function start(dataDir: string): Promise<Started> {
  const { child, output, exited } = spawnCompiledServer(
    ['--embedded'],
    baseEnv({ FOLIO_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' }),
  );
  const port = await new Promise<number>((done, fail) => {
    const deadline = setTimeout(
      () => fail(new Error(`no banner within 60 s:\n${output()}`)),
      60_000,
    );
    const poll = setInterval(() => {
      const match = /Health: +http:\/\/localhost:(\d+)\/readyz/.exec(output());
      if (match) {
        clearInterval(poll);
        clearTimeout(deadline);
        done(Number(match[1]));
      }
    }, 50);
    void exited.then(({ code }) => {
      clearInterval(poll);
      clearTimeout(deadline);
      fail(new Error(`exited with ${code} before its banner:\n${output()}`));
    });
  });
  return { child, port, output, exited };
}

/** PIDs of processes whose command line mentions dir (the embedded postgres runs with -D <dir>/pg). */
function processesUsing(dir: string): string[] {
  const result = spawnSync('pgrep', ['-f', dir], { encoding: 'utf8' });
  return result.stdout.split('\n').filter(Boolean);
}

describe('npm start (embedded single node)', () => {
  let dataDir: string;

  beforeAll(async () => {
    assertCompiled();
    dataDir = await mkdtemp(join(tmpdir(), 'folio-embedded-'));
  });
  afterAll(async () => {
    for (const pid of processesUsing(dataDir)) process.kill(Number(pid), 'SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts, keeps data across restarts, stops on SIGTERM within 10 s and recovers from kill -9', async () => {
    const first = await start(dataDir);
    const health = await fetch(`http://127.0.0.1:${first.port}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${first.port}/readyz`);
    expect(ready.status).toBe(200);
    expect(first.output()).toMatch(/Sign in: +owner@demo\.test \/ \S{8,}/);
    expect(first.output()).toContain('"created":true');
    const demoPassword = /Sign in: +owner@demo\.test \/ (\S+)/.exec(first.output())?.[1];
    const base = `http://127.0.0.1:${first.port}/api/v1`;
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-folio-tenant': 'demo' },
      body: JSON.stringify({ email: 'owner@demo.test', password: demoPassword }),
    });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const documents = await fetch(`${base}/documents`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    const list = (await documents.json()) as { items: { title: string; slug: string }[] };
    expect(list.items).toEqual([
      expect.objectContaining({ title: 'Welcome to Folio', slug: 'welcome' }),
    ]);

    const stopStarted = Date.now();
    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - stopStarted).toBeLessThan(10_000);
    expect(processesUsing(dataDir)).toEqual([]);

    const second = await start(dataDir);
    expect(second.output()).toContain('"created":false');
    const password = /Sign in: +owner@demo\.test \/ (\S+)/.exec(first.output())?.[1];
    expect(second.output()).toContain(`owner@demo.test / ${password}`);

    second.child.kill('SIGKILL');
    await second.exited;
    // The detached postgres outlives its parent, exactly as after a crash.
    expect(processesUsing(dataDir).length).toBeGreaterThan(0);

    const third = await start(dataDir);
    expect((await fetch(`http://127.0.0.1:${third.port}/readyz`)).status).toBe(200);
    expect(third.output()).toContain('"created":false');
    third.child.kill('SIGTERM');
    expect((await third.exited).code).toBe(0);
    await waitUntil(() => processesUsing(dataDir).length === 0, 'postgres to be gone', 5000, 50);
  }, 120_000);
});

describe('npm run serve', () => {
  it('exits non-zero naming every bad variable', () => {
    assertCompiled();
    const result = spawnSync(process.execPath, [compiledEntry], {
      env: baseEnv({
        PORT: 'abc',
        DATABASE_URL: 'postgres://x@127.0.0.1:1/x',
        FOLIO_SECRET: 'x'.repeat(32),
      }),
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('PORT');
    expect(result.stderr).toMatch(/PORT: must be a port number/);
  });
});
