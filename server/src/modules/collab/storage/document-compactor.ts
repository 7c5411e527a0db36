/**
 * Compaction: folds a document's snapshot and log rows into one new snapshot and deletes exactly
 * the rows it folded, so loading stays one snapshot plus a short tail. One compactor per document
 * at a time: it takes a lease in `document_compaction_leases` and gets a fencing token; the write
 * commits only while the lease row still holds that token and the stored snapshot's token is
 * older. A compactor that stalled past its lease while another one compacted is fenced out and
 * changes nothing, so it can never put back a snapshot that lacks rows the newer one deleted.
 */
import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import * as Y from 'yjs';
import { isForeignKeyViolation } from '../../../platform/db/db-errors.js';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { readStoredRows, toBytes, type StoredRow } from './postgres-room-storage.js';
import type { RoomKey } from './room-key.js';
import { docFromStoredState } from '../room/index.js';

/** A held lease: who holds it and the fencing token its writes carry. */
export interface CompactionLease {
  readonly holder: string;
  /** A bigint as PostgreSQL returns it; each acquisition of a document's lease gets a larger one. */
  readonly token: string;
}

/** What one compaction did. */
export type CompactionOutcome =
  | {
      readonly kind: 'compacted';
      readonly foldedRows: number;
      readonly bytesBefore: number;
      readonly bytesAfter: number;
      readonly token: string;
    }
  | { readonly kind: 'nothing_to_do' }
  /** Another compactor holds an unexpired lease; it will fold these rows (or a later trigger). */
  | { readonly kind: 'busy' }
  /** The lease was taken over before the write: a newer compactor's snapshot stands. */
  | { readonly kind: 'fenced' }
  | { readonly kind: 'document_gone' };

/** The state a compactor read: the snapshot and log rows, and the state they fold into. */
export interface CompactionRead {
  readonly rows: readonly StoredRow[];
  readonly foldedSeqs: readonly string[];
}

/** Folds a document's parts (snapshot first, then log rows) into one update, as foldParts does. */
export type FoldParts = (parts: readonly Uint8Array[]) => Promise<Uint8Array>;

export interface DocumentCompactorOptions {
  /** Names this node in lease rows (a random suffix per attempt keeps attempts apart). */
  readonly holderPrefix: string;
  /** How long a lease protects a compaction; longer than a compaction takes. */
  readonly leaseMs?: number;
  /**
   * Where the fold runs. Default: foldParts on this thread, which blocks the event loop for the
   * whole fold; a node that serves rooms passes a FoldPool's `fold` to run it in a worker.
   */
  readonly fold?: FoldParts;
}

/** Compacts documents of any tenant; each step runs in a withTenant transaction (RLS applies). */
export class DocumentCompactor {
  private readonly leaseMs: number;
  private readonly fold: FoldParts;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: DocumentCompactorOptions,
  ) {
    this.leaseMs = options.leaseMs ?? 60_000;
    this.fold = options.fold ?? (async (parts) => foldParts(parts));
  }

  /** Lease, read, fold, write, release: one complete compaction. */
  async compact(key: RoomKey): Promise<CompactionOutcome> {
    let lease: CompactionLease | null;
    try {
      lease = await this.acquire(key);
    } catch (error) {
      if (isForeignKeyViolation(error)) return { kind: 'document_gone' };
      throw error;
    }
    if (lease === null) return { kind: 'busy' };
    try {
      const read = await this.read(key);
      if (read.foldedSeqs.length === 0) {
        await this.release(key, lease);
        return { kind: 'nothing_to_do' };
      }
      return await this.write(key, lease, read);
    } catch (error) {
      // The compaction's own error is the one to report; a lease not released expires by itself.
      await this.release(key, lease).catch(() => undefined);
      throw error;
    }
  }

  /** Takes the document's lease when it is free or expired; null while someone else holds it. */
  async acquire(key: RoomKey, leaseMs = this.leaseMs): Promise<CompactionLease | null> {
    const holder = `${this.options.holderPrefix}/${randomBytes(4).toString('hex')}`;
    const rows = await withTenant(this.dataSource, key.tenantId, (tx) =>
      tx.query<{ token: string }[]>(
        `INSERT INTO document_compaction_leases AS l (tenant_id, document_id, holder, token, expires_at)
         VALUES ($1, $2, $3, 1, clock_timestamp() + $4 * interval '1 millisecond')
         ON CONFLICT (tenant_id, document_id) DO UPDATE
           SET holder = EXCLUDED.holder, token = l.token + 1, expires_at = EXCLUDED.expires_at
           WHERE l.expires_at <= clock_timestamp()
         RETURNING token`,
        [key.tenantId, key.documentId, holder, leaseMs],
      ),
    );
    const token = rows[0]?.token;
    return token === undefined ? null : { holder, token: String(token) };
  }

  /** The snapshot and every log row, in one consistent read. */
  async read(key: RoomKey): Promise<CompactionRead> {
    const rows = await withTenant(this.dataSource, key.tenantId, (tx) =>
      readStoredRows(tx, key.tenantId, key.documentId),
    );
    const foldedSeqs = rows.flatMap((row) => (row.seq === null ? [] : [String(row.seq)]));
    return { rows, foldedSeqs };
  }

  /**
   * Writes the folded snapshot and deletes the rows it contains, in one transaction, only while
   * `lease` is still the document's current lease and no newer snapshot exists.
   */
  async write(
    key: RoomKey,
    lease: CompactionLease,
    read: CompactionRead,
  ): Promise<CompactionOutcome> {
    // Before the transaction: the lease row stays unlocked for as long as the fold takes.
    const state = await this.fold(read.rows.map((row) => toBytes(row.data)));
    const upToSeq = read.foldedSeqs.reduce((max, seq) => (BigInt(seq) > BigInt(max) ? seq : max));
    const { tenantId, documentId } = key;
    return withTenant(this.dataSource, tenantId, async (tx) => {
      // The row lock serializes this write against a takeover of the lease.
      const current = await tx.query<{ token: string }[]>(
        `SELECT token FROM document_compaction_leases
          WHERE tenant_id = $1 AND document_id = $2 FOR UPDATE`,
        [tenantId, documentId],
      );
      if (current[0] === undefined || String(current[0].token) !== lease.token) {
        return { kind: 'fenced' } as const;
      }
      const written = await tx.query<{ written: number }[]>(
        `INSERT INTO document_snapshots AS s (tenant_id, document_id, state, up_to_seq, fencing_token)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, document_id) DO UPDATE
           SET state = EXCLUDED.state, up_to_seq = GREATEST(s.up_to_seq, EXCLUDED.up_to_seq),
               fencing_token = EXCLUDED.fencing_token, updated_at = now()
           WHERE s.fencing_token < EXCLUDED.fencing_token
         RETURNING 1 AS written`,
        [tenantId, documentId, Buffer.from(state), upToSeq, lease.token],
      );
      if (written.length === 0) return { kind: 'fenced' } as const;
      await tx.query(
        `DELETE FROM document_updates
          WHERE tenant_id = $1 AND document_id = $2 AND seq = ANY($3::bigint[])`,
        [tenantId, documentId, read.foldedSeqs],
      );
      await releaseIn(tx, key, lease);
      return {
        kind: 'compacted',
        foldedRows: read.foldedSeqs.length,
        bytesBefore: read.rows.reduce((sum, row) => sum + row.data.byteLength, 0),
        bytesAfter: state.byteLength,
        token: lease.token,
      } as const;
    });
  }

  /** Gives the lease up early (it would expire anyway). */
  async release(key: RoomKey, lease: CompactionLease): Promise<void> {
    await withTenant(this.dataSource, key.tenantId, (tx) => releaseIn(tx, key, lease));
  }
}

async function releaseIn(tx: EntityManager, key: RoomKey, lease: CompactionLease): Promise<void> {
  await tx.query(
    `UPDATE document_compaction_leases SET expires_at = clock_timestamp()
      WHERE tenant_id = $1 AND document_id = $2 AND token = $3`,
    [key.tenantId, key.documentId, lease.token],
  );
}

/**
 * The document state that all rows together describe, garbage-collected: applying them to a
 * Y.Doc turns deleted content into tombstones without payload, which merging updates would keep
 * (and merging many small updates is quadratic; see room/stored-state.ts).
 * Updates still waiting for a missing dependency are kept in the encoded state.
 */
export function foldState(rows: readonly StoredRow[]): Uint8Array {
  return foldParts(rows.map((row) => toBytes(row.data)));
}

/** foldState over the rows' bytes: the synchronous reference that fold-worker.ts mirrors. */
export function foldParts(parts: readonly Uint8Array[]): Uint8Array {
  const doc = docFromStoredState(parts);
  try {
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
