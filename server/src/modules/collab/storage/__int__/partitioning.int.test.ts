import type { DataSource } from 'typeorm';
import { migrations } from '../../../../../../migrations/index.js';
import { createDataSource } from '../../../../platform/db/data-source.js';
import { runMigrations } from '../../../../platform/db/migrator.js';
import { createLogger } from '../../../../platform/logging/logger.js';
import { createTenant } from '../../../../test/factories.js';
import { docFromStoredState } from '../../room/index.js';
import { PostgresRoomStorage } from '../postgres-room-storage.js';
import { roomKey } from '../room-key.js';
import {
  createDocument,
  createStorageFixture,
  editedDoc,
  type StorageFixture,
} from './storage-fixture.js';

const PARTITIONING = 'CollabPartitionsAndCompaction1795390000000';
const logger = createLogger({ level: 'silent' });

describe('collab tables laid out for growth (migration 1795390000000)', () => {
  let fixture: StorageFixture;
  let ds: DataSource;

  beforeAll(async () => {
    fixture = await createStorageFixture('collab-partitions');
    ds = await fixture.connect();
  });
  afterAll(async () => {
    await fixture?.close();
  });

  /** As a superuser on the test database: sees every row, across policies and partitions. */
  const superQuery = async <T>(sql: string): Promise<T[]> => {
    const url = new URL(fixture.db.superuserUrl);
    url.pathname = `/${fixture.db.database}`;
    const owner = createDataSource({
      url: url.toString(),
      poolSize: 1,
      entities: [],
      applicationName: 'partition-test',
      logger,
    });
    await owner.initialize();
    try {
      return await owner.query<T[]>(sql);
    } finally {
      await owner.destroy();
    }
  };

  /** Reverts migrations, newest first, until the partitioning one is no longer applied. */
  async function revertPartitioning(): Promise<void> {
    const owner = createDataSource({
      url: fixture.db.ownerUrl,
      poolSize: 1,
      entities: [],
      migrations,
      applicationName: 'partition-test',
      logger,
    });
    await owner.initialize();
    try {
      const applied = async () =>
        (await owner.query<{ name: string }[]>(`SELECT name FROM schema_migrations`)).map(
          (row) => row.name,
        );
      while ((await applied()).includes(PARTITIONING)) {
        await owner.undoLastMigration({ transaction: 'each' });
      }
    } finally {
      await owner.destroy();
    }
  }

  it('hash-partitions the log and snapshots by tenant, and survives a down + up with its rows', async () => {
    const partitions = await superQuery<{ parent: string; n: number }>(
      `SELECT p.relname AS parent, count(*)::int AS n FROM pg_inherits i
         JOIN pg_class p ON p.oid = i.inhparent
        WHERE p.relname IN ('document_updates', 'document_snapshots') GROUP BY p.relname`,
    );
    expect(Object.fromEntries(partitions.map((row) => [row.parent, row.n]))).toEqual({
      document_updates: 16,
      document_snapshots: 16,
    });

    const tenant = await createTenant(ds);
    const documentId = await createDocument(ds, tenant.id);
    const key = roomKey(tenant.id, documentId);
    const { doc, updates } = editedDoc(30);
    const storage = new PostgresRoomStorage(ds);
    await Promise.all(updates.map((u) => storage.append(key, u)));
    await storage.close();
    const rowsByPartition = await superQuery<{ relname: string }>(
      `SELECT DISTINCT tableoid::regclass::text AS relname FROM document_updates`,
    );
    expect(rowsByPartition).toHaveLength(1);
    expect(rowsByPartition[0]!.relname).toMatch(/^document_updates_p\d\d$/);

    await revertPartitioning();
    const flat = await superQuery<{ relkind: string }>(
      `SELECT relkind FROM pg_class WHERE relname = 'document_updates'`,
    );
    expect(flat[0]!.relkind).toBe('r');
    await runMigrations({ ownerUrl: fixture.db.ownerUrl, logger });

    // Fresh connections: the tables were replaced under the old ones' cached plans.
    const after = await fixture.connect();
    const reopened = new PostgresRoomStorage(after);
    const more = editedDoc(1, doc).updates;
    await Promise.all(more.map((u) => reopened.append(key, u)));
    const loaded = docFromStoredState(await reopened.load(key));
    expect(loaded.getText('body').toJSON()).toBe(doc.getText('body').toJSON());
    const seqs = await superQuery<{ seq: string }>(`SELECT seq FROM document_updates ORDER BY seq`);
    expect(seqs).toHaveLength(updates.length + more.length);
    expect(new Set(seqs.map((row) => row.seq)).size).toBe(seqs.length);
    await reopened.close();
  });
});
