import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import * as Y from 'yjs';
import { withTenant } from '../../../../platform/db/unit-of-work.js';
import { createTenant } from '../../../../test/factories.js';
import { applyStoredState, docFromStoredState } from '../../room/index.js';
import { DocumentCompactor } from '../document-compactor.js';
import {
  PostgresRoomStorage,
  preferLogIndexScan,
  STORED_ROWS_SQL,
} from '../postgres-room-storage.js';
import { roomKey, type RoomKey } from '../room-key.js';
import {
  createDocument,
  createStorageFixture,
  editedDoc,
  logRowCount,
  type StorageFixture,
} from './storage-fixture.js';

/** Each Yjs client's clock: what a document contains, independent of encoding order. */
const clocks = (doc: Y.Doc) => Object.fromEntries(Y.decodeStateVector(Y.encodeStateVector(doc)));

describe('DocumentCompactor (lease + fencing token)', () => {
  let fixture: StorageFixture;
  let ds: DataSource;

  beforeAll(async () => {
    fixture = await createStorageFixture('collab-compaction');
    ds = await fixture.connect();
  });
  afterAll(async () => {
    await fixture?.close();
  });

  /** A document with `steps` edits in its log, written through the real storage. */
  async function writtenDocument(steps: number) {
    const tenant = await createTenant(ds);
    const documentId = await createDocument(ds, tenant.id);
    const key: RoomKey = { tenantId: tenant.id, documentId };
    const storage = new PostgresRoomStorage(ds);
    const { doc, updates } = editedDoc(steps);
    await Promise.all(updates.map((u) => storage.append(roomKey(tenant.id, documentId), u)));
    return { key, doc, storage };
  }

  async function loadedDoc(storage: PostgresRoomStorage, key: RoomKey): Promise<Y.Doc> {
    return docFromStoredState(await storage.load(roomKey(key.tenantId, key.documentId)));
  }

  const snapshotOf = async (key: RoomKey) =>
    (
      await withTenant(ds, key.tenantId, (tx) =>
        tx.query<{ fencing_token: string; up_to_seq: string }[]>(
          `SELECT fencing_token, up_to_seq FROM document_snapshots WHERE document_id = $1`,
          [key.documentId],
        ),
      )
    )[0];

  it('folds the log into one snapshot, deletes exactly the folded rows and loads the same state', async () => {
    const { key, doc, storage } = await writtenDocument(300);
    const compactor = new DocumentCompactor(ds, { holderPrefix: 'test' });
    const outcome = await compactor.compact(key);
    expect(outcome).toMatchObject({ kind: 'compacted', foldedRows: 600 });
    expect(await logRowCount(ds, key.tenantId, key.documentId)).toBe(0);
    expect(await snapshotOf(key)).toMatchObject({ fencing_token: '1' });
    const loaded = await loadedDoc(storage, key);
    expect(loaded.getText('body').toJSON()).toBe(doc.getText('body').toJSON());
    expect(loaded.getMap('fields').toJSON()).toEqual(doc.getMap('fields').toJSON());
    expect(await compactor.compact(key)).toEqual({ kind: 'nothing_to_do' });

    // More edits after the snapshot: the next compaction folds snapshot + tail, with a new token.
    const more = editedDoc(50, doc).updates;
    await Promise.all(more.map((u) => storage.append(roomKey(key.tenantId, key.documentId), u)));
    expect(await compactor.compact(key)).toMatchObject({ kind: 'compacted', foldedRows: 100 });
    // Every acquisition takes the next token, the one that found nothing to do included.
    expect(await snapshotOf(key)).toMatchObject({ fencing_token: '3' });
    const reloaded = await loadedDoc(storage, key);
    expect(clocks(reloaded)).toEqual(clocks(doc));
    expect(reloaded.getText('body').toJSON()).toBe(doc.getText('body').toJSON());
    await storage.close();
  });

  it('marks the loaded snapshot as collected, so a load applies it apart from the tail', async () => {
    const { key, doc, storage } = await writtenDocument(100);
    const room = roomKey(key.tenantId, key.documentId);
    const events = async () => {
      const loaded = new Y.Doc();
      let updates = 0;
      loaded.on('update', () => (updates += 1));
      applyStoredState(loaded, (await storage.load(room))!);
      expect(loaded.getText('body').toJSON()).toBe(doc.getText('body').toJSON());
      return updates;
    };
    // Log rows only: one transaction, as always.
    expect(await events()).toBe(1);
    await new DocumentCompactor(ds, { holderPrefix: 'test' }).compact(key);
    const more = editedDoc(20, doc).updates;
    await Promise.all(more.map((u) => storage.append(room, u)));
    // The snapshot (collection off, nothing to collect), then the tail (collected).
    expect(await events()).toBe(2);
    await storage.close();
  });

  it('keeps a row whose transaction commits after the compaction, though its seq is lower', async () => {
    const { key, doc, storage } = await writtenDocument(20);
    const late = Y.mergeUpdates(editedDoc(1, doc).updates);
    const other = editedDoc(5);
    // An append transaction that took its seq first but commits last, as concurrent group
    // commits of two nodes can.
    const runner = ds.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(`SELECT set_config('app.tenant_id', $1, true)`, [key.tenantId]);
      await runner.query(
        `INSERT INTO document_updates (tenant_id, document_id, update) VALUES ($1, $2, $3)`,
        [key.tenantId, key.documentId, Buffer.from(late)],
      );
      const roomId = roomKey(key.tenantId, key.documentId);
      await Promise.all(other.updates.map((u) => storage.append(roomId, u)));
      const compactor = new DocumentCompactor(ds, { holderPrefix: 'test' });
      expect(await compactor.compact(key)).toMatchObject({ kind: 'compacted', foldedRows: 50 });
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    expect(await logRowCount(ds, key.tenantId, key.documentId)).toBe(1);
    const expected = new Y.Doc();
    Y.applyUpdate(expected, Y.encodeStateAsUpdate(doc));
    Y.applyUpdate(expected, Y.encodeStateAsUpdate(other.doc));
    const loaded = await loadedDoc(storage, key);
    expect(loaded.getText('body').toJSON()).toBe(expected.getText('body').toJSON());
    // The late row is what makes the state vectors equal: it holds the doc client's last edit.
    expect(clocks(loaded)).toEqual(clocks(expected));
    await storage.close();
  });

  it('refuses a second compactor while the lease is held (busy)', async () => {
    const { key, storage } = await writtenDocument(10);
    const holder = new DocumentCompactor(ds, { holderPrefix: 'node-a' });
    const lease = await holder.acquire(key);
    expect(lease).not.toBeNull();
    const other = new DocumentCompactor(ds, { holderPrefix: 'node-b' });
    expect(await other.compact(key)).toEqual({ kind: 'busy' });
    await holder.release(key, lease!);
    expect(await other.compact(key)).toMatchObject({ kind: 'compacted' });
    await storage.close();
  });

  it('fences off a compactor whose lease expired while a newer one compacted: nothing is lost', async () => {
    const { key, doc, storage } = await writtenDocument(40);
    const stale = new DocumentCompactor(ds, { holderPrefix: 'stale' });
    // A lease that is already over when the compactor gets to write (a long GC pause, say).
    const staleLease = (await stale.acquire(key, 0))!;
    const staleRead = await stale.read(key);
    const later = editedDoc(10, doc).updates;
    await Promise.all(later.map((u) => storage.append(roomKey(key.tenantId, key.documentId), u)));
    const fresh = new DocumentCompactor(ds, { holderPrefix: 'fresh' });
    expect(await fresh.compact(key)).toMatchObject({
      kind: 'compacted',
      foldedRows: 100,
      token: '2',
    });

    // Without the fence this would put back a snapshot lacking the 10 later edits, whose rows the
    // fresh compaction deleted.
    expect(await stale.write(key, staleLease, staleRead)).toEqual({ kind: 'fenced' });
    expect(await snapshotOf(key)).toMatchObject({ fencing_token: '2' });
    const loaded = await loadedDoc(storage, key);
    expect(loaded.getText('body').toJSON()).toBe(doc.getText('body').toJSON());
    await storage.close();
  });

  it("cannot touch another tenant's document, and treats a deleted document as gone", async () => {
    const { key, doc, storage } = await writtenDocument(5);
    const intruder = await createTenant(ds);
    const compactor = new DocumentCompactor(ds, { holderPrefix: 'test' });
    expect(await compactor.compact({ tenantId: intruder.id, documentId: key.documentId })).toEqual({
      kind: 'document_gone',
    });
    expect(await logRowCount(ds, key.tenantId, key.documentId)).toBe(10);
    expect(await compactor.compact({ tenantId: key.tenantId, documentId: randomUUID() })).toEqual({
      kind: 'document_gone',
    });
    const loaded = await loadedDoc(storage, key);
    expect(loaded.getText('body').toJSON()).toBe(doc.getText('body').toJSON());
    await storage.close();
  });
  it('reads a compacted log by its index, so the folded rows left for vacuum are not scanned on every load', async () => {
    const { key, doc, storage } = await writtenDocument(20);
    // What compaction of a long history leaves behind until vacuum: 100,000 deleted log rows.
    await withTenant(ds, key.tenantId, async (tx) => {
      const junk = `tenant_id = $1 AND document_id = $2 AND update = '\\x00'::bytea`;
      await tx.query(
        `INSERT INTO document_updates (tenant_id, document_id, update)
         SELECT $1, $2, '\\x00'::bytea FROM generate_series(1, 100000)`,
        [key.tenantId, key.documentId],
      );
      await tx.query(`DELETE FROM document_updates WHERE ${junk}`, [key.tenantId, key.documentId]);
    });
    expect(await new DocumentCompactor(ds, { holderPrefix: 'test' }).compact(key)).toMatchObject({
      kind: 'compacted',
      foldedRows: 40,
    });
    const tail = editedDoc(10, doc).updates;
    await Promise.all(tail.map((u) => storage.append(roomKey(key.tenantId, key.documentId), u)));
    const planOfLoad = (prepare: boolean) =>
      withTenant(ds, key.tenantId, async (tx) => {
        if (prepare) await preferLogIndexScan(tx);
        const plan = await tx.query<{ 'QUERY PLAN': string }[]>(`EXPLAIN ${STORED_ROWS_SQL}`, [
          key.tenantId,
          key.documentId,
        ]);
        return plan.map((line) => line['QUERY PLAN']).join('\n');
      });
    // Left to itself the planner picks a bitmap scan, which visits all 100,040 dead index entries.
    expect(await planOfLoad(false)).toMatch(/Bitmap Index Scan on document_updates_p\d+_pkey/);
    const prepared = await planOfLoad(true);
    expect(prepared).toMatch(/Index Scan using document_updates_p\d+_pkey/);
    expect(prepared).not.toMatch(/Bitmap/);
    const loaded = await loadedDoc(storage, key);
    expect(loaded.getText('body').toJSON()).toBe(doc.getText('body').toJSON());
    await storage.close();
  });
});
