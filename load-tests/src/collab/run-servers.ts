/**
 * One server's whole benchmark: its phases in order, each on a fresh process, with the same
 * workload for Folio and the baseline. Only the setup differs: Folio gets a tenant, documents and
 * a token through its public REST API; the baseline takes any document name.
 */
import { randomBytes } from 'node:crypto';
import type { ClientTarget } from './clients.js';
import type { BenchDatabase } from './database.js';
import { createDocuments, refreshAccount, signUp, type FolioAccount } from './folio-api.js';
import type { BenchOptions, ServerName } from './options.js';
import { idlePhase, type IdleResult } from './idle-phase.js';
import { loadPhase, reloadPhase, type LoadResult } from './load-phase.js';
import { startBaseline, startFolio, type ServerProcess } from './servers.js';

/** Everything measured against one server. */
export interface ServerResult {
  readonly name: ServerName;
  readonly idle: IdleResult | null;
  readonly load: Omit<LoadResult, 'contents'>;
  /** Folio only: documents whose reloaded body differed (empty: every update was persisted). */
  readonly reloadProblems: string[] | null;
  /** Exit codes of the server processes, in phase order (0: clean shutdown). */
  readonly exitCodes: (number | null)[];
}

/** Starts a server, runs `use`, stops it (always), and records its exit code. */
async function withServer<T>(
  start: () => Promise<ServerProcess>,
  exitCodes: (number | null)[],
  use: (server: ServerProcess) => Promise<T>,
): Promise<T> {
  const server = await start();
  try {
    return await use(server);
  } finally {
    exitCodes.push(await server.stop());
  }
}

function idlePerDocument(options: BenchOptions): number {
  return Math.max(1, Math.round(options.idleClients / options.idleDocs));
}

function loadSettings(options: BenchOptions, documents: string[], database: string | null) {
  return { ...options, documents, database };
}

function withoutContents({
  contents: _contents,
  ...rest
}: LoadResult): Omit<LoadResult, 'contents'> {
  return rest;
}

/** Folio: setup and idle phase, load phase, then a restart that must serve what was written. */
export async function benchFolio(
  options: BenchOptions,
  database: BenchDatabase,
): Promise<ServerResult> {
  const settings = {
    databaseUrl: database.runtimeUrl,
    secret: randomBytes(32).toString('hex'),
    cpuProfDir: options.cpuProfDir,
  };
  const start = () => startFolio(settings);
  const exitCodes: (number | null)[] = [];
  const target = (server: ServerProcess, account: FolioAccount): ClientTarget => ({
    collabUrl: server.collabUrl,
    params: { token: account.accessToken },
  });

  const setup = await withServer(start, exitCodes, async (server) => {
    const account = await signUp(server.httpUrl);
    const loadDocs = await createDocuments(server.httpUrl, account, options.docs, 'Load');
    const idleDocs = await createDocuments(server.httpUrl, account, options.idleDocs, 'Idle');
    const idle =
      options.idleClients > 0
        ? await idlePhase(server, target(server, account), idleDocs, idlePerDocument(options))
        : null;
    return { account, loadDocs, idle };
  });
  const { account, loadDocs } = setup;

  const load = await withServer(start, exitCodes, async (server) => {
    // Access tokens live 10 minutes: each phase starts with a fresh one.
    await refreshAccount(server.httpUrl, account);
    return loadPhase(
      server,
      target(server, account),
      loadSettings(options, loadDocs, database.name),
    );
  });

  const reloadProblems = await withServer(start, exitCodes, async (server) => {
    await refreshAccount(server.httpUrl, account);
    return reloadPhase(target(server, account), loadDocs, load.contents);
  });
  return {
    name: 'folio',
    idle: setup.idle,
    load: withoutContents(load),
    reloadProblems,
    exitCodes,
  };
}

/** The stock y-websocket server: idle phase, then the load phase, each on a fresh process. */
export async function benchBaseline(options: BenchOptions): Promise<ServerResult> {
  const start = () => startBaseline(options.cpuProfDir);
  const exitCodes: (number | null)[] = [];
  const names = (label: string, count: number) =>
    Array.from({ length: count }, (_, i) => `bench-${label}-${i + 1}`);
  const target = (server: ServerProcess): ClientTarget => ({
    collabUrl: server.collabUrl,
    params: {},
  });

  const idle =
    options.idleClients > 0
      ? await withServer(start, exitCodes, (server) =>
          idlePhase(
            server,
            target(server),
            names('idle', options.idleDocs),
            idlePerDocument(options),
          ),
        )
      : null;
  const load = await withServer(start, exitCodes, (server) =>
    loadPhase(server, target(server), loadSettings(options, names('load', options.docs), null)),
  );
  return { name: 'baseline', idle, load: withoutContents(load), reloadProblems: null, exitCodes };
}
