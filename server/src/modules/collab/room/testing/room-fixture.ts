/**
 * A room wired to test doubles in one call: manual clock, in-memory storage, counting metrics and
 * y-websocket-like clients. `dispose` shuts everything down so no Awareness interval outlives a test.
 */
import { MemoryRoomStorage } from '../memory-room-storage.js';
import type { RoomExtension } from '../protocol.js';
import { Room } from '../room.js';
import type { RoomLimits, RoomTimings } from '../room.options.js';
import type { Permission } from '../room.ports.js';
import { CountingMetrics } from './counting-metrics.js';
import { ManualClock, settle } from './manual-clock.js';
import { TestClient } from './test-client.js';

/** Overrides for the fixture's room. */
export interface RoomFixtureOptions {
  readonly documentId?: string;
  readonly storage?: MemoryRoomStorage;
  readonly limits?: Partial<RoomLimits>;
  readonly timings?: Partial<RoomTimings>;
  readonly extensions?: readonly RoomExtension[];
}

/** How a fixture client joins. */
export interface ClientOptions {
  readonly permission?: Permission;
  readonly extensions?: readonly string[];
  readonly clientId?: number;
  /** Connect right away (default true). */
  readonly connect?: boolean;
}

/** A room, its doubles and its clients. */
export class RoomFixture {
  readonly clock = new ManualClock();
  readonly metrics = new CountingMetrics();
  readonly storage: MemoryRoomStorage;
  readonly documentId: string;
  readonly room: Room;
  private readonly clients: TestClient[] = [];

  constructor(options: RoomFixtureOptions = {}) {
    this.documentId = options.documentId ?? 'doc-1';
    this.storage = options.storage ?? new MemoryRoomStorage();
    this.room = new Room({
      documentId: this.documentId,
      storage: this.storage,
      clock: this.clock,
      metrics: this.metrics,
      limits: options.limits,
      timings: options.timings,
      extensions: options.extensions,
    });
  }

  /** A client of user `name` (display name: the name capitalised). */
  client(name: string, options: ClientOptions = {}): TestClient {
    const client = new TestClient(
      name,
      (socket, info) => this.room.join(socket, info),
      {
        userId: `user-${name}`,
        displayName: name[0]!.toUpperCase() + name.slice(1),
        permission: options.permission ?? 'write',
        extensions: options.extensions,
      },
      options.clientId,
    );
    this.clients.push(client);
    if (options.connect ?? true) client.connect();
    return client;
  }

  /** Delivers every queued message of every client until the system is quiet. */
  async deliverAll(): Promise<void> {
    for (let round = 0; round < 100; round++) {
      let isMoving = false;
      for (const client of this.clients) {
        while (client.deliverToServer() || client.deliverToClient()) isMoving = true;
      }
      await settle();
      if (!isMoving) return;
    }
    throw new Error('messages kept flowing after 100 rounds');
  }

  /** Shuts the room down (storage healed) and destroys the clients. */
  async dispose(): Promise<void> {
    this.storage.clearFailures();
    this.storage.release('load');
    this.storage.release('append');
    const unloaded = this.room.shutdown();
    for (let i = 0; i < 50 && this.room.stateKind !== 'unloaded'; i++) {
      await settle();
      this.clock.advance(60_000);
    }
    await unloaded;
    for (const client of this.clients) client.destroy();
  }
}
