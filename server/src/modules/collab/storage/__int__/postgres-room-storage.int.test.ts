import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { withTenant } from '../../../../platform/db/unit-of-work.js';
import { createTenant } from '../../../../test/factories.js';
import { docFromStoredState } from '../../room/index.js';
import { PostgresRoomStorage, type FlushInfo } from '../postgres-room-storage.js';
import { roomKey } from '../room-key.js';
import {
  createDocument,
  createStorageFixture,
  editedDoc,
  logRowCount,
  type StorageFixture,
} from './storage-fixture.js';

describe('PostgresRoomStorage', () => {
  let fixture: StorageFixture;
  const connect = () => fixture.connect();

  beforeAll(async () => {
    fixture = await createStorageFixture('collab-storage');
  });
  afterAll(async () => {
    await fixture?.close();
  });

  it('resolves an append only once it is durable, and loads null for a document never written', async () => {
    const ds = await connect();
    const tenant = await createTenant(ds);
    const documentId = await createDocument(ds, tenant.id);
    const storage = new PostgresRoomStorage(ds);
    const key = roomKey(tenant.id, documentId);
    expect(await storage.load(key)).toBeNull();
    const { doc, updates } = editedDoc(3);
    await Promise.all(updates.map((u) => storage.append(key, u)));
    expect(await logRowCount(ds, tenant.id, documentId)).toBe(updates.length);
    const loaded = docFromStoredState(await storage.load(key));
    expect(loaded.getText('body').toJSON()).toBe(doc.getText('body').toJSON());
    await storage.close();
  });

  it('commits the appends of many rooms in one transaction per tenant', async () => {
    const ds = await connect();
    const [a, b] = [await createTenant(ds), await createTenant(ds)];
    const keys: string[] = [];
    for (let i = 0; i < 20; i += 1) keys.push(roomKey(a.id, await createDocument(ds, a.id)));
    for (let i = 0; i < 5; i += 1) keys.push(roomKey(b.id, await createDocument(ds, b.id)));
    const flushes: FlushInfo[] = [];
    // A quiet node's group waits a quarter of maxDelayMs, and an append that finds its group
    // overdue flushes at once: at 50 ms, a loaded CI machine took longer than 12.5 ms for these
    // 200 appends, and the group split mid-loop. A quarter of 1 s leaves no doubt.
    const storage = new PostgresRoomStorage(ds, {
      maxDelayMs: 1000,
      onFlush: (info) => flushes.push(info),
    });
    const { updates } = editedDoc(4);
    await Promise.all(keys.flatMap((key) => updates.map((u) => storage.append(key, u))));
    expect(flushes).toHaveLength(2);
    const byTenant = new Map(flushes.map((f) => [f.tenantId, f]));
    expect(byTenant.get(a.id)).toMatchObject({ documents: 20, updates: 20 * updates.length });
    expect(byTenant.get(b.id)).toMatchObject({ documents: 5, updates: 5 * updates.length });
    await storage.close();
  });

  it('rejects the appends of a failed transaction and still commits other tenants', async () => {
    const ds = await connect();
    const [good, bad] = [await createTenant(ds), await createTenant(ds)];
    const goodKey = roomKey(good.id, await createDocument(ds, good.id));
    // A document id with no documents row: the foreign key fails that tenant's transaction.
    const badKey = roomKey(bad.id, randomUUID());
    const storage = new PostgresRoomStorage(ds);
    const { updates } = editedDoc(1);
    const [okResult, badResult] = await Promise.allSettled([
      storage.append(goodKey, updates[0]!),
      storage.append(badKey, updates[0]!),
    ]);
    expect(okResult.status).toBe('fulfilled');
    expect(badResult.status).toBe('rejected');
    expect(await storage.load(goodKey)).not.toBeNull();
    await storage.close();
    await expect(storage.append(goodKey, updates[0]!)).rejects.toThrow('closed');
  });

  it('loads, after a restart, a state equal to the one written (snapshot + tail)', async () => {
    const first = await connect();
    const tenant = await createTenant(first);
    const documentId = await createDocument(first, tenant.id);
    const key = roomKey(tenant.id, documentId);
    const { doc, updates } = editedDoc(200);
    const half = updates.length / 2;
    // The first half as a snapshot, as compaction would leave it, the rest as log rows.
    await withTenant(first, tenant.id, (tx) =>
      tx.query(
        `INSERT INTO document_snapshots (tenant_id, document_id, state, up_to_seq) VALUES ($1, $2, $3, 0)`,
        [tenant.id, documentId, Buffer.from(Y.mergeUpdates(updates.slice(0, half)))],
      ),
    );
    const storage = new PostgresRoomStorage(first);
    await Promise.all(updates.slice(half).map((u) => storage.append(key, u)));
    await storage.close();
    await first.destroy();

    const restarted = new PostgresRoomStorage(await connect());
    const loaded = docFromStoredState(await restarted.load(key));
    expect(Y.encodeStateAsUpdate(loaded)).toEqual(Y.encodeStateAsUpdate(doc));
    expect(loaded.getMap('fields').toJSON()).toEqual(doc.getMap('fields').toJSON());
    await restarted.close();
  });
});
