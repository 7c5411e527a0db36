/**
 * A fleet of real server processes for failure tests: N compiled servers in serve mode (no
 * `--embedded`) on one test database, one Redis target, one FOLIO_SECRET and one REDIS_KEY_PREFIX,
 * each on a loopback port of its own. A node can be killed with kill -9 and started again on the
 * same port; `stop()` ends every process the fleet started (SIGTERM, then SIGKILL), by PID. Redis
 * is the test's: it passes the environment (`REDIS_URL` or `REDIS_CLUSTER_NODES`), so it decides
 * whether that Redis is a restartable private server or a cluster. `FailoverProxy` plays the load
 * balancer in front of the fleet. Run `npm run build` first.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessTokens } from '../modules/identity/index.js';
import { SecretBox } from '../platform/crypto/secret-box.js';
import { freePort } from '../platform/db/postmaster.js';
import {
  assertCompiled,
  childEnv,
  killHard,
  spawnCompiledServer,
  waitUntilReady,
  type CompiledServer,
  type ExitStatus,
} from './compiled-server.js';

export interface FleetOptions {
  /** The runtime role's URL of the shared test database. */
  readonly databaseUrl: string;
  /** Where Redis is: `{ REDIS_URL }` or `{ REDIS_CLUSTER_NODES }`. */
  readonly redisEnv: Readonly<Record<string, string>>;
  /** How many nodes `startFleet` starts (3 unless told). */
  readonly size?: number;
  /** More environment for every node (collab timings, pool size…); overrides the defaults. */
  readonly env?: Readonly<Record<string, string>>;
  /** How long a node may take to answer /readyz after its start. */
  readonly readyTimeoutMs?: number;
}

/** One member of the fleet: a fixed port, and the process currently serving it. */
export interface FleetNode {
  readonly index: number;
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  /** The latest process started on this port. */
  readonly server: CompiledServer;
  isRunning(): boolean;
}

interface Member {
  readonly index: number;
  readonly port: number;
  readonly baseUrl: string;
  server: CompiledServer;
}

/** Server processes sharing one database, Redis, secret and key prefix; see the file comment. */
export class Fleet {
  /** The fleet's FOLIO_SECRET. */
  readonly secret = randomBytes(32).toString('base64url');
  /** The fleet's REDIS_KEY_PREFIX, unique per fleet. */
  readonly keyPrefix = `fleet${randomBytes(4).toString('hex')}`;
  /** Signs tokens every node accepts (pair with `issueTestToken` and a DataSource). */
  readonly accessTokens = new AccessTokens(new SecretBox(this.secret));
  private readonly members: Member[] = [];
  /** Every process this fleet ever started: the only ones `stop()` may end. */
  private readonly started: CompiledServer[] = [];

  private constructor(
    private readonly options: FleetOptions,
    private readonly dataDir: string,
  ) {}

  /** Starts `options.size` (default 3) nodes in parallel; resolves once all are ready. */
  static async start(options: FleetOptions): Promise<Fleet> {
    assertCompiled();
    const fleet = new Fleet(options, await mkdtemp(join(tmpdir(), 'folio-fleet-')));
    try {
      await Promise.all(Array.from({ length: options.size ?? 3 }, () => fleet.addNode()));
    } catch (error) {
      await fleet.stop();
      throw error;
    }
    return fleet;
  }

  get nodes(): readonly FleetNode[] {
    return this.members.map((member) => this.view(member));
  }

  /** Ports of every member, running or not, by index. */
  get ports(): number[] {
    return this.members.map((member) => member.port);
  }

  get baseUrls(): string[] {
    return this.members.map((member) => member.baseUrl);
  }

  /** One more member on a new free port; resolves once it is ready. */
  async addNode(): Promise<FleetNode> {
    const port = await freePort();
    const member: Member = {
      index: this.members.length,
      port,
      baseUrl: `http://127.0.0.1:${port}`,
      server: this.spawn(port),
    };
    this.members.push(member);
    await waitUntilReady(member.server, member.baseUrl, this.options.readyTimeoutMs ?? 30_000);
    return this.view(member);
  }

  /** kill -9 of node `index` (by PID); resolves with its exit. */
  kill(index: number): Promise<ExitStatus> {
    return killHard(this.member(index).server);
  }

  /** Starts node `index` again on its port (kill -9 first if it runs); resolves once ready. */
  async restart(index: number): Promise<FleetNode> {
    const member = this.member(index);
    await killHard(member.server);
    member.server = this.spawn(member.port);
    await waitUntilReady(member.server, member.baseUrl, this.options.readyTimeoutMs ?? 30_000);
    return this.view(member);
  }

  /** Whether GET /readyz of node `index` answers 200 right now. */
  async isReady(index: number): Promise<boolean> {
    const response = await fetch(`${this.member(index).baseUrl}/readyz`, {
      signal: AbortSignal.timeout(3000),
    }).catch(() => null);
    return response?.status === 200;
  }

  /** Lines logged at error or fatal level by every process the fleet started, in start order. */
  errorLines(): string[] {
    return this.started.flatMap((server) =>
      server
        .output()
        .split('\n')
        .filter((line) => /"log\.level":"(error|fatal)"/.test(line)),
    );
  }

  /** Ends every process this fleet started: SIGTERM, then SIGKILL after `graceMs`; by PID. */
  async stop(graceMs = 10_000): Promise<void> {
    await Promise.all(
      this.started.map(async (server) => {
        if (!server.isRunning()) return;
        server.child.kill('SIGTERM');
        const timer = setTimeout(() => void killHard(server), graceMs);
        await server.exited;
        clearTimeout(timer);
      }),
    );
    await rm(this.dataDir, { recursive: true, force: true });
  }

  private spawn(port: number): CompiledServer {
    const server = spawnCompiledServer(
      [],
      childEnv({
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        DATABASE_POOL_SIZE: '5',
        SHUTDOWN_TIMEOUT_MS: '5000',
        ...this.options.env,
        PORT: String(port),
        DATABASE_URL: this.options.databaseUrl,
        FOLIO_SECRET: this.secret,
        REDIS_KEY_PREFIX: this.keyPrefix,
        FOLIO_DATA_DIR: this.dataDir,
        ...this.options.redisEnv,
      }),
    );
    this.started.push(server);
    return server;
  }

  private member(index: number): Member {
    const member = this.members[index];
    if (member === undefined) throw new RangeError(`the fleet has no node ${index}`);
    return member;
  }

  private view(member: Member): FleetNode {
    const { index, port, baseUrl, server } = member;
    return { index, port, baseUrl, server, isRunning: () => server.isRunning() };
  }
}

/**
 * A load balancer in front of the fleet, at the TCP level: a loopback port whose connections go to
 * a preferred node and, when that node refuses them (it died), to the next node that accepts, in
 * turn. A connection whose node dies is closed, so the client reconnects through the proxy, as
 * behind a real load balancer. Nothing is buffered beyond the sockets' own buffers.
 */
export class FailoverProxy {
  private readonly sockets = new Set<Socket>();
  private readonly upstreamPorts = new Map<Socket, number>();
  private turn = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly preferred: number,
    private readonly targets: () => readonly number[],
  ) {
    server.on('connection', (client) => this.accept(client));
  }

  /** Listens on a free loopback port; `targets` is read per connection (ports may change). */
  static async start(preferred: number, targets: () => readonly number[]): Promise<FailoverProxy> {
    const server = createServer({ pauseOnConnect: true });
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        if (typeof address === 'object' && address !== null) resolve(address.port);
        else reject(new Error('the proxy has no port'));
      });
    });
    return new FailoverProxy(server, port, preferred, targets);
  }

  /** How many connections are forwarded to `port` right now. */
  connectionsTo(port: number): number {
    return [...this.upstreamPorts.values()].filter((target) => target === port).length;
  }

  /** Stops listening and drops every forwarded connection. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    this.track(client);
    const others = this.targets().filter((port) => port !== this.preferred);
    const start = others.length === 0 ? 0 : this.turn++ % others.length;
    const order = [this.preferred, ...others.slice(start), ...others.slice(0, start)];
    this.forward(client, order);
  }

  private forward(client: Socket, order: readonly number[]): void {
    const [port, ...rest] = order;
    if (port === undefined || client.destroyed) {
      client.destroy();
      return;
    }
    const upstream = connect(port, '127.0.0.1');
    this.track(upstream);
    const refused = () => this.forward(client, rest);
    upstream.once('error', refused);
    upstream.once('connect', () => {
      upstream.off('error', refused);
      if (client.destroyed) {
        upstream.destroy();
        return;
      }
      this.upstreamPorts.set(upstream, port);
      // Either side ending ends both: a client of a dead node must see its connection drop.
      const end = () => {
        client.destroy();
        upstream.destroy();
      };
      client.once('close', end);
      upstream.once('close', end);
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    // A reset from either side is an ordinary end here, never an unhandled error.
    socket.on('error', () => socket.destroy());
    socket.once('close', () => {
      this.sockets.delete(socket);
      this.upstreamPorts.delete(socket);
    });
  }
}
