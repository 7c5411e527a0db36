/**
 * One mode of the benchmark on freshly started Folio processes: three nodes (fleet) or one
 * (single), each exactly what `npm run serve` runs, configured by the same environment (one
 * database, one Redis, one key prefix and secret). The tenant is signed up once through the
 * public REST API; each mode gets documents of its own, so neither inherits the other's history.
 */
import type { ClientTarget } from '../collab/clients.js';
import { createDocuments, refreshAccount, signUp, type FolioAccount } from '../collab/folio-api.js';
import { startFolio, type ServerProcess } from '../collab/servers.js';
import { fleetLoadPhase, type FleetLoadResult, type RedisProbe } from './fleet-phase.js';
import { FLEET_NODES, readerNodes, type FleetOptions, type Mode } from './options.js';

/** What every node of both modes shares. */
export interface SharedSetup {
  readonly databaseUrl: string;
  readonly databaseName: string;
  readonly secret: string;
  readonly redisUrl: string;
  readonly redisKeyPrefix: string;
  /** Signed up by the first mode; later modes refresh its token (they live 10 minutes). */
  account: FolioAccount | null;
}

export interface ModeResult {
  readonly mode: Mode;
  readonly nodes: number;
  readonly readerNodes: number[];
  readonly load: FleetLoadResult;
  /** Exit codes of the node processes, by node index (0: clean shutdown). */
  readonly exitCodes: (number | null)[];
}

/** Starts the mode's nodes, runs its load phase, stops them (always, by PID). */
export async function runMode(
  mode: Mode,
  options: FleetOptions,
  shared: SharedSetup,
  redis: RedisProbe,
): Promise<ModeResult> {
  const count = mode === 'fleet' ? FLEET_NODES : 1;
  const started = await Promise.allSettled(
    Array.from({ length: count }, (_, i) =>
      startFolio({
        databaseUrl: shared.databaseUrl,
        secret: shared.secret,
        cpuProfDir: options.cpuProfDir,
        label: `${mode}-node${i + 1}`,
        env: { REDIS_URL: shared.redisUrl, REDIS_KEY_PREFIX: shared.redisKeyPrefix },
      }),
    ),
  );
  const nodes = started
    .filter((s): s is PromiseFulfilledResult<ServerProcess> => s.status === 'fulfilled')
    .map((s) => s.value);
  const exitCodes: (number | null)[] = [];
  try {
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    const first = nodes[0]!;
    if (shared.account === null) shared.account = await signUp(first.httpUrl);
    else await refreshAccount(first.httpUrl, shared.account);
    const account = shared.account;
    const label = mode === 'fleet' ? 'Fleet' : 'Single node';
    const documents = await createDocuments(first.httpUrl, account, options.docs, label);
    const targets: ClientTarget[] = nodes.map((node) => ({
      collabUrl: node.collabUrl,
      params: { token: account.accessToken },
    }));
    const placement = readerNodes(options, mode);
    const load = await fleetLoadPhase(
      nodes,
      targets,
      { ...options, documents, readerNodes: placement, database: shared.databaseName },
      redis,
    );
    return { mode, nodes: count, readerNodes: placement, load, exitCodes };
  } finally {
    exitCodes.push(...(await Promise.all(nodes.map((node) => node.stop()))));
  }
}
