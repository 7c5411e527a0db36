/**
 * The production RoomStorage: the append-only update log and snapshots in PostgreSQL (migration
 * 1795380000000-collab-updates). One instance serves every tenant on a node; rooms are keyed by
 * `<tenantId>:<documentId>` (room-key.ts) and every read and write runs in a withTenant
 * transaction, so row-level security applies exactly as for the REST API.
 */
import type { DataSource, EntityManager } from 'typeorm';
import * as Y from 'yjs';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import type { RoomStorage } from '../room/index.js';
import { GroupCommit, type PendingAppend } from './group-commit.js';
import { parseRoomKey } from './room-key.js';

/** One committed group (one tenant's transaction), for metrics and tests. */
export interface FlushInfo {
  readonly tenantId: string;
  readonly updates: number;
  readonly documents: number;
  readonly bytes: number;
  readonly seconds: number;
}

export interface PostgresRoomStorageOptions {
  /** Longest an append waits before its group is written (the brief's bound is 50 ms). */
  readonly maxDelayMs?: number;
  /** A buffer this large flushes without waiting. */
  readonly maxBatchBytes?: number;
  /** Called after each committed transaction. */
  readonly onFlush?: (info: FlushInfo) => void;
}

interface SnapshotRow {
  state: Buffer;
  up_to_seq: string;
}

/** RoomStorage on PostgreSQL with group commit; see the file comment. */
export class PostgresRoomStorage implements RoomStorage {
  private readonly group: GroupCommit;
  private closed = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: PostgresRoomStorageOptions = {},
  ) {
    this.group = new GroupCommit((tenantId, batch) => this.writeBatch(tenantId, batch), {
      maxDelayMs: options.maxDelayMs ?? 10,
      maxBatchBytes: options.maxBatchBytes ?? 256 * 1024,
    });
  }

  async load(key: string): Promise<Uint8Array | null> {
    const { tenantId, documentId } = parseRoomKey(key);
    const parts = await withTenant(this.dataSource, tenantId, (tx) =>
      readDocument(tx, tenantId, documentId),
    );
    if (parts.length === 0) return null;
    return parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts);
  }

  append(key: string, update: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new Error('room storage closed'));
    const { tenantId, documentId } = parseRoomKey(key);
    return new Promise<void>((resolve, reject) => {
      // Copy: the caller may reuse its buffer before the flush reads it.
      this.group.add(tenantId, { documentId, update: update.slice(), resolve, reject });
    });
  }

  /** Writes whatever is buffered and refuses further appends (after the rooms shut down). */
  async close(): Promise<void> {
    this.closed = true;
    await this.group.drain();
  }

  private async writeBatch(tenantId: string, batch: readonly PendingAppend[]): Promise<void> {
    const started = process.hrtime.bigint();
    const documentIds = batch.map((entry) => entry.documentId);
    const updates = batch.map((entry) => Buffer.from(entry.update));
    await withTenant(this.dataSource, tenantId, (tx) =>
      // One statement for the whole group; unnest keeps the batch's order within the statement.
      tx.query(
        `INSERT INTO document_updates (tenant_id, document_id, update)
         SELECT $1, d, u FROM unnest($2::uuid[], $3::bytea[]) AS t(d, u)`,
        [tenantId, documentIds, updates],
      ),
    );
    this.options.onFlush?.({
      tenantId,
      updates: batch.length,
      documents: new Set(documentIds).size,
      bytes: updates.reduce((sum, u) => sum + u.byteLength, 0),
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
    });
  }
}

/** The snapshot (if any) followed by the log rows after it, oldest first. */
async function readDocument(
  tx: EntityManager,
  tenantId: string,
  documentId: string,
): Promise<Uint8Array[]> {
  const snapshots = await tx.query<SnapshotRow[]>(
    `SELECT state, up_to_seq FROM document_snapshots WHERE tenant_id = $1 AND document_id = $2`,
    [tenantId, documentId],
  );
  const snapshot = snapshots[0];
  const tail = await tx.query<{ update: Buffer }[]>(
    `SELECT update FROM document_updates
     WHERE tenant_id = $1 AND document_id = $2 AND seq > $3 ORDER BY seq`,
    [tenantId, documentId, snapshot?.up_to_seq ?? '0'],
  );
  const parts: Uint8Array[] = snapshot ? [toBytes(snapshot.state)] : [];
  for (const row of tail) parts.push(toBytes(row.update));
  return parts;
}

/** A plain Uint8Array view, since Yjs does not need Buffer's extras. */
function toBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
