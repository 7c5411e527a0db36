/**
 * The fleet's node registry: every node writes a heartbeat (who it is, where, whether it drains,
 * how many rooms and connections it holds) to one Redis hash every few seconds; any node lists
 * the fleet from it, dropping entries whose heartbeat stopped (a node killed with -9 never says
 * goodbye). Operators read it at `/platform/v1/fleet/nodes` and as the `folio_fleet_nodes` gauge.
 * A draining node announces itself at once and removes its entry when its shutdown finished.
 * On a single node without Redis the registry holds only that node, in memory.
 */
import type { Gauge } from 'prom-client';
import type { Logger } from '../logging/logger.js';
import type { RedisClient } from '../redis/connection.js';

export type NodeState = 'active' | 'draining';

/** Figures a node reports in its heartbeat. */
export interface NodeLoad {
  readonly rooms: number;
  readonly connections: number;
  readonly liveSockets: number;
}

/** One node as the registry knows it. */
export interface NodeRecord extends NodeLoad {
  readonly nodeId: string;
  readonly host: string;
  readonly port: number;
  readonly pid: number;
  readonly roles: readonly string[];
  readonly state: NodeState;
  readonly startedAt: string;
  readonly heartbeatAt: string;
}

export interface NodeRegistryOptions {
  readonly self: Pick<NodeRecord, 'nodeId' | 'host' | 'port' | 'pid' | 'roles'>;
  readonly load: () => NodeLoad;
  readonly isDraining: () => boolean;
  readonly logger: Logger;
  /** The Redis hash and a client for it; absent on a single node. */
  readonly redis?: { client: RedisClient; key: string };
  readonly heartbeatMs?: number;
  /** Filled with the node count by state on every heartbeat. */
  readonly gauge?: Gauge<'state'>;
}

export const DEFAULT_HEARTBEAT_MS = 5000;
/** A node is considered gone after this many missed heartbeats. */
const MISSED_HEARTBEATS = 3;

/** See the file comment. */
export class NodeRegistry {
  private readonly heartbeatMs: number;
  private readonly startedAt = new Date().toISOString();
  private timer: NodeJS.Timeout | null = null;
  private beating: Promise<void> = Promise.resolve();

  constructor(private readonly options: NodeRegistryOptions) {
    this.heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  }

  /** Writes the first heartbeat and keeps beating. */
  async start(): Promise<void> {
    await this.heartbeat();
    this.timer = setInterval(() => void this.heartbeat(), this.heartbeatMs);
    this.timer.unref();
  }

  /** This node's record as of now. */
  self(): NodeRecord {
    const { self, load, isDraining } = this.options;
    return {
      ...self,
      ...load(),
      state: isDraining() ? 'draining' : 'active',
      startedAt: this.startedAt,
      heartbeatAt: new Date().toISOString(),
    };
  }

  /** Writes this node's record now (also what a drain calls to announce itself at once). */
  heartbeat(): Promise<void> {
    // One write at a time, so a slow Redis cannot reorder an old record over a newer one.
    this.beating = this.beating.then(() => this.write());
    return this.beating;
  }

  /** The live nodes, oldest first; entries without a recent heartbeat are removed. */
  async list(): Promise<NodeRecord[]> {
    const { redis } = this.options;
    if (!redis) return [this.self()];
    const raw = await redis.client.hgetall(redis.key);
    const cutoff = Date.now() - this.heartbeatMs * MISSED_HEARTBEATS;
    const nodes: NodeRecord[] = [];
    const gone: string[] = [];
    for (const [nodeId, json] of Object.entries(raw)) {
      const record = parseRecord(json);
      if (record && Date.parse(record.heartbeatAt) >= cutoff) nodes.push(record);
      else gone.push(nodeId);
    }
    if (gone.length > 0) await redis.client.hdel(redis.key, ...gone);
    return nodes.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  /** Stops beating and removes this node's entry (the last step of a drain). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.beating;
    const { redis, self } = this.options;
    await redis?.client.hdel(redis.key, self.nodeId);
  }

  private async write(): Promise<void> {
    const { redis, logger, gauge } = this.options;
    try {
      if (redis) {
        await redis.client.hset(redis.key, this.options.self.nodeId, JSON.stringify(this.self()));
      }
      if (gauge) {
        const nodes = await this.list();
        gauge.reset();
        for (const state of ['active', 'draining'] as const) {
          gauge.set({ state }, nodes.filter((n) => n.state === state).length);
        }
      }
    } catch (error) {
      logger.warn({ error }, 'node heartbeat failed');
    }
  }
}

function parseRecord(json: string): NodeRecord | null {
  try {
    const record = JSON.parse(json) as Partial<NodeRecord>;
    return typeof record.nodeId === 'string' && typeof record.heartbeatAt === 'string'
      ? (record as NodeRecord)
      : null;
  } catch {
    return null;
  }
}
