/**
 * Folio's own storage classes, loaded from the compiled server (which has no declarations, so the
 * few members used are typed here): the runtime-role DataSource, PostgresRoomStorage and
 * DocumentCompactor, on a benchmark database. The document rows are made with plain SQL.
 */
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { serverModuleUrl } from '../collab/paths.js';
import { Samples, type LatencySummary } from '../collab/stats.js';

interface Tx {
  query<T>(sql: string, parameters?: unknown[]): Promise<T>;
}
interface DataSourceLike extends Tx {
  initialize(): Promise<unknown>;
  destroy(): Promise<void>;
}
interface RoomStorageLike {
  load(key: string): Promise<readonly Uint8Array[] | null>;
  append(key: string, update: Uint8Array): Promise<void>;
  close(): Promise<void>;
}
interface Modules {
  createDataSource(options: object): DataSourceLike;
  allEntities: unknown[];
  createLogger(options: { level: string }): object;
  withTenant<T>(ds: DataSourceLike, tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  PostgresRoomStorage: new (ds: DataSourceLike) => RoomStorageLike;
  applyStoredState(doc: Y.Doc, state: readonly Uint8Array[]): void;
  DocumentCompactor: new (
    ds: DataSourceLike,
    options: { holderPrefix: string },
  ) => { compact(key: { tenantId: string; documentId: string }): Promise<unknown> };
}

async function loadModules(): Promise<Modules> {
  const load = (path: string) => import(serverModuleUrl(path)) as Promise<Record<string, unknown>>;
  const [db, entities, logging, uow, storage, compactor, room] = await Promise.all([
    load('platform/db/data-source.js'),
    load('app/entities.js'),
    load('platform/logging/logger.js'),
    load('platform/db/unit-of-work.js'),
    load('modules/collab/storage/postgres-room-storage.js'),
    load('modules/collab/storage/document-compactor.js'),
    load('modules/collab/room/stored-state.js'),
  ]);
  const modules = { ...db, ...entities, ...logging, ...uow, ...storage, ...compactor, ...room };
  return modules as unknown as Modules;
}

/** One document key: the tenant and document ids, and the room key the storage knows it by. */
export interface BenchDocument {
  readonly tenantId: string;
  readonly documentId: string;
  readonly roomKey: string;
}

/** Timed loads of one document. */
export interface LoadTimings {
  readonly summary: LatencySummary;
  /** The database read alone (the rest is applying the state to a Y.Doc). */
  readonly readP50Ms: number;
  readonly bytes: number;
  /** The loaded body, to check both layouts hold the same document. */
  readonly text: string;
}

/** The storage of a Folio node on `runtimeUrl`, with what the benchmark does through it. */
export async function openServerStorage(runtimeUrl: string) {
  const m = await loadModules();
  const ds = m.createDataSource({
    url: runtimeUrl,
    poolSize: 4,
    entities: m.allEntities,
    applicationName: 'folio-cold-load-bench',
    logger: m.createLogger({ level: 'warn' }),
  });
  await ds.initialize();
  const storage = new m.PostgresRoomStorage(ds);
  const compactor = new m.DocumentCompactor(ds, { holderPrefix: 'bench' });

  return {
    async createDocument(): Promise<BenchDocument> {
      const slug = `bench-${randomUUID().slice(0, 8)}`;
      const [tenant] = await ds.query<{ id: string }[]>(
        `INSERT INTO tenants (slug, name) VALUES ($1, $1) RETURNING id`,
        [slug],
      );
      const tenantId = tenant!.id;
      const documentId = randomUUID();
      await m.withTenant(ds, tenantId, (tx) =>
        tx.query(
          `INSERT INTO documents (tenant_id, id, content_type, title, slug)
           VALUES ($1, $2, 'page', 'Cold load', 'cold-load')`,
          [tenantId, documentId],
        ),
      );
      return { tenantId, documentId, roomKey: `${tenantId}:${documentId}` };
    },

    /** Appends in windows of concurrent appends, so group commits batch them as rooms do. */
    async appendAll(doc: BenchDocument, updates: readonly Uint8Array[]): Promise<void> {
      for (let i = 0; i < updates.length; i += 2000) {
        await Promise.all(updates.slice(i, i + 2000).map((u) => storage.append(doc.roomKey, u)));
      }
    },

    async compact(doc: BenchDocument): Promise<{ outcome: unknown; ms: number }> {
      const started = performance.now();
      const outcome = await compactor.compact(doc);
      return { outcome, ms: performance.now() - started };
    },

    /** What a room's load does: read the stored state, apply it to a new Y.Doc. */
    async timeLoads(doc: BenchDocument, runs: number): Promise<LoadTimings> {
      const samples = new Samples();
      const reads = new Samples();
      let bytes = 0;
      let text = '';
      for (let i = 0; i < runs; i += 1) {
        const started = performance.now();
        const state = await storage.load(doc.roomKey);
        reads.add(performance.now() - started);
        const ydoc = new Y.Doc();
        if (state) m.applyStoredState(ydoc, state);
        samples.add(performance.now() - started);
        bytes = state?.reduce((sum, part) => sum + part.byteLength, 0) ?? 0;
        text = ydoc.getXmlFragment('body').toJSON();
        ydoc.destroy();
      }
      return { summary: samples.summarize(), readP50Ms: reads.summarize().p50Ms, bytes, text };
    },

    async close(): Promise<void> {
      await storage.close();
      await ds.destroy();
    },
  };
}
