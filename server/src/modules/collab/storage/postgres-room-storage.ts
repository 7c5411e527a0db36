/**
 * The production RoomStorage: the append-only update log and snapshots in PostgreSQL (migration
 * 1795380000000-collab-updates, partitioned by 1795390000000). One instance serves every tenant on a node; rooms are keyed by
 * `<tenantId>:<documentId>` (room-key.ts) and every read and write runs in a withTenant
 * transaction, so row-level security applies exactly as for the REST API.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { markCollectedSnapshot, type RoomStorage, type StoredState } from '../room/index.js';
import { GroupCommit, type PendingAppend } from './group-commit.js';
import { isUuid, parseRoomKey, type RoomKey } from './room-key.js';

/** What one document contributed to a committed group, or what its loaded log tail held. */
export interface DocumentLogGrowth {
  readonly documentId: string;
  readonly updates: number;
  readonly bytes: number;
}

/** One committed group (one tenant's transaction), for metrics, compaction and tests. */
export interface FlushInfo {
  readonly tenantId: string;
  readonly updates: number;
  readonly documents: number;
  readonly bytes: number;
  /** Duration of the transaction. */
  readonly seconds: number;
  /** From the oldest append's buffering to the commit: how long an edit waited to be durable. */
  readonly lagSeconds: number;
  readonly perDocument: readonly DocumentLogGrowth[];
}

export interface PostgresRoomStorageOptions {
  /**
   * Longest an append waits before its group is written, and the spacing of groups under load
   * (the brief's bound is 50 ms). A quiet node writes after a quarter of it (group-commit.ts).
   */
  readonly maxDelayMs?: number;
  /** A buffer this large flushes without waiting. */
  readonly maxBatchBytes?: number;
  /** Called after each committed transaction. */
  readonly onFlush?: (info: FlushInfo) => void;
  /** Called after each load with the log rows not yet folded into the snapshot. */
  readonly onLoad?: (tenantId: string, tail: DocumentLogGrowth) => void;
}

/** A row of the stored state: the snapshot (seq null) or one log row. */
export interface StoredRow {
  readonly data: Buffer;
  readonly seq: string | null;
  /**
   * A snapshot the fenced compactor wrote (fencing token above 0): its fold encodes a collected
   * document, so the load may skip collecting it (stored-state.ts markCollectedSnapshot). False
   * for log rows and for a snapshot that got into the table any other way.
   */
  readonly collected: boolean;
}

/** RoomStorage on PostgreSQL with group commit; see the file comment. */
export class PostgresRoomStorage implements RoomStorage {
  private readonly group: GroupCommit;
  /** Parsed room keys: every append of an open room would otherwise run the key's regexes. */
  private readonly keys = new Map<string, RoomKey>();
  private closed = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: PostgresRoomStorageOptions = {},
  ) {
    this.group = new GroupCommit((tenantId, batch) => this.writeBatch(tenantId, batch), {
      maxDelayMs: options.maxDelayMs ?? 40,
      maxBatchBytes: options.maxBatchBytes ?? 256 * 1024,
    });
  }

  async load(key: string): Promise<StoredState | null> {
    const { tenantId, documentId } = parseRoomKey(key);
    const rows = await withTenant(this.dataSource, tenantId, (tx) =>
      readStoredRows(tx, tenantId, documentId),
    );
    if (rows.length === 0) return null;
    const tail = rows.filter((row) => row.seq !== null);
    this.options.onLoad?.(tenantId, {
      documentId,
      updates: tail.length,
      bytes: tail.reduce((sum, row) => sum + row.data.byteLength, 0),
    });
    return rows.map((row) =>
      row.collected ? markCollectedSnapshot(toBytes(row.data)) : toBytes(row.data),
    );
  }

  append(key: string, update: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new Error('room storage closed'));
    const { tenantId, documentId } = this.parsed(key);
    // No copy: the port forbids changing appended bytes (Yjs hands out a fresh array per update).
    return new Promise<void>((resolve, reject) => {
      this.group.add(tenantId, {
        documentId,
        update,
        bufferedAt: performance.now(),
        resolve,
        reject,
      });
    });
  }

  private parsed(key: string): RoomKey {
    let parsed = this.keys.get(key);
    if (parsed === undefined) {
      parsed = parseRoomKey(key);
      // Bounded by the rooms a node holds at once; a node that saw very many starts over.
      if (this.keys.size >= 20_000) this.keys.clear();
      this.keys.set(key, parsed);
    }
    return parsed;
  }

  /** Writes whatever is buffered and refuses further appends (after the rooms shut down). */
  async close(): Promise<void> {
    this.closed = true;
    await this.group.drain();
  }

  private async writeBatch(tenantId: string, batch: readonly PendingAppend[]): Promise<void> {
    const started = process.hrtime.bigint();
    await this.dataSource.query(groupInsertSql(tenantId, batch));
    if (!this.options.onFlush) return;
    const now = performance.now();
    const perDocument = new Map<string, { updates: number; bytes: number }>();
    let oldest = now;
    for (const entry of batch) {
      const growth = perDocument.get(entry.documentId) ?? { updates: 0, bytes: 0 };
      growth.updates += 1;
      growth.bytes += entry.update.byteLength;
      perDocument.set(entry.documentId, growth);
      oldest = Math.min(oldest, entry.bufferedAt);
    }
    this.options.onFlush({
      tenantId,
      updates: batch.length,
      documents: perDocument.size,
      bytes: batch.reduce((sum, entry) => sum + entry.update.byteLength, 0),
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
      lagSeconds: (now - oldest) / 1000,
      perDocument: [...perDocument].map(([documentId, growth]) => ({ documentId, ...growth })),
    });
  }
}

/**
 * One tenant's group as ONE round trip: a simple-protocol query of two statements, which
 * PostgreSQL runs as one implicit transaction, so the transaction-local tenant setting applies to
 * the INSERT (row-level security checks every row against it) and vanishes with the commit.
 * Parameters would need the extended protocol, where BEGIN, set_config, INSERT and COMMIT are four
 * round trips — most of a busy node's persistence cost. Only validated UUIDs and hex digits are
 * inlined, so nothing a client sent can reach the SQL text.
 */
function groupInsertSql(tenantId: string, batch: readonly PendingAppend[]): string {
  if (!isUuid(tenantId)) throw new RangeError('not a tenant id');
  const rows = batch.map((entry) => {
    if (!isUuid(entry.documentId)) throw new RangeError('not a document id');
    const hex = Buffer.from(entry.update.buffer, entry.update.byteOffset, entry.update.byteLength);
    return `('${tenantId}','${entry.documentId}',decode('${hex.toString('hex')}','hex'))`;
  });
  return (
    `SELECT set_config('app.tenant_id','${tenantId}',true);` +
    `INSERT INTO document_updates (tenant_id, document_id, update) VALUES ${rows.join(',')}`
  );
}

/**
 * The snapshot (if any, first) and every log row still present, in one statement so that it sees
 * one consistent state: a compaction committing between two reads would otherwise show the old
 * snapshot without the rows it just folded in. Compaction deletes exactly what it folded, so every
 * remaining row belongs to the tail (a late-committing row may carry a seq below up_to_seq).
 */
export async function readStoredRows(
  tx: EntityManager,
  tenantId: string,
  documentId: string,
): Promise<StoredRow[]> {
  await preferLogIndexScan(tx);
  return tx.query<StoredRow[]>(STORED_ROWS_SQL, [tenantId, documentId]);
}

/** The statement `readStoredRows` runs: the snapshot first, then the log rows in order. */
export const STORED_ROWS_SQL = `SELECT data, seq, collected FROM (
       SELECT state AS data, NULL::bigint AS seq, fencing_token > 0 AS collected
         FROM document_snapshots WHERE tenant_id = $1 AND document_id = $2
       UNION ALL
       SELECT update, seq, false FROM document_updates WHERE tenant_id = $1 AND document_id = $2
     ) AS stored ORDER BY seq NULLS FIRST`;

/**
 * Has the rest of the transaction read the log by walking its primary key, not by a bitmap scan.
 * Compaction deletes a document's folded rows, but their index entries stay until vacuum runs, and
 * a bitmap scan visits every one of them on every load: with 100,000 folded rows, 5 ms in the
 * executor and about 10 ms more per load end to end. A plain index scan marks the entries of dead
 * rows as it passes them, so only the first read after a compaction pays. The planner cannot see
 * the difference: it estimates a handful of rows per document either way.
 */
export async function preferLogIndexScan(tx: EntityManager): Promise<void> {
  await tx.query(`SELECT set_config('enable_bitmapscan', 'off', true)`);
}

/** A plain Uint8Array view, since Yjs does not need Buffer's extras. */
export function toBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
