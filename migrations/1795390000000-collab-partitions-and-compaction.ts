import type { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantRls, enableTenantRls } from './support/rls.js';

// Row level security: the new parents, every partition and the lease table get ENABLE + FORCE ROW
// LEVEL SECURITY through enableTenantRls.
/**
 * Lays the collaboration tables out for growth and adds compaction's lease.
 *
 * - `document_updates` and `document_snapshots` become hash-partitioned by `tenant_id`
 *   (PARTITIONS each), so one tenant's log lives in one partition and vacuum, index size and a
 *   future move of a partition to other storage scale with the number of partitions. Existing rows
 *   are copied; PostgreSQL 15 cannot attach an identity column to a partitioned table, so `seq`
 *   now comes from a plain sequence continuing where the identity stopped.
 * - Partitions are reachable only through their parent: the runtime roles lose every privilege on
 *   them (the default privileges granted them), and each partition carries the tenant policy as
 *   well, so neither a direct query nor a dropped grant bypasses row-level security.
 * - `document_compaction_leases`: one row per document that was ever compacted. A compactor takes
 *   the lease (expired or absent) and gets the next `token`; it may write a snapshot only while the
 *   lease row still holds its token and the snapshot's `fencing_token` is older, so a compactor
 *   that stalled past its lease can never overwrite a newer snapshot.
 *
 * Loading reads the snapshot plus every log row still present: compaction deletes exactly the rows
 * it folded in, in the transaction that writes the snapshot. (A row whose transaction commits late
 * can carry a lower `seq` than rows already folded in, so "rows after up_to_seq" would lose it.)
 */
export class CollabPartitionsAndCompaction1795390000000 implements MigrationInterface {
  name = 'CollabPartitionsAndCompaction1795390000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE document_updates_seq AS bigint`);
    await q.query(`
      CREATE TABLE document_updates_next (
        tenant_id uuid NOT NULL,
        document_id uuid NOT NULL,
        seq bigint NOT NULL DEFAULT nextval('document_updates_seq'),
        update bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, document_id, seq),
        FOREIGN KEY (tenant_id, document_id) REFERENCES documents (tenant_id, id) ON DELETE CASCADE
      ) PARTITION BY HASH (tenant_id)`);
    await q.query(`
      CREATE TABLE document_snapshots_next (
        tenant_id uuid NOT NULL,
        document_id uuid NOT NULL,
        state bytea NOT NULL,
        up_to_seq bigint NOT NULL,
        fencing_token bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, document_id),
        FOREIGN KEY (tenant_id, document_id) REFERENCES documents (tenant_id, id) ON DELETE CASCADE
      ) PARTITION BY HASH (tenant_id)`);
    for (const table of ['document_updates', 'document_snapshots']) {
      for (let i = 0; i < PARTITIONS; i += 1) {
        await q.query(
          `CREATE TABLE ${partitionName(table, i)} PARTITION OF ${table}_next
           FOR VALUES WITH (MODULUS ${PARTITIONS}, REMAINDER ${i})`,
        );
      }
    }
    // The owner copies: without FORCE it is not subject to the old tables' policies.
    await q.query(`ALTER TABLE document_updates NO FORCE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE document_snapshots NO FORCE ROW LEVEL SECURITY`);
    await q.query(`
      INSERT INTO document_updates_next (tenant_id, document_id, seq, update, created_at)
      SELECT tenant_id, document_id, seq, update, created_at FROM document_updates`);
    await q.query(`
      INSERT INTO document_snapshots_next
      SELECT tenant_id, document_id, state, up_to_seq, fencing_token, updated_at
        FROM document_snapshots`);
    await q.query(`
      SELECT setval('document_updates_seq', COALESCE((SELECT max(seq) FROM document_updates), 0) + 1, false)`);
    await q.query(`DROP TABLE document_updates`);
    await q.query(`DROP TABLE document_snapshots`);
    for (const table of ['document_updates', 'document_snapshots']) {
      await q.query(`ALTER TABLE ${table}_next RENAME TO ${table}`);
      await q.query(`ALTER INDEX ${table}_next_pkey RENAME TO ${table}_pkey`);
      await enableTenantRls(q, table);
      for (let i = 0; i < PARTITIONS; i += 1) {
        const partition = partitionName(table, i);
        await q.query(`REVOKE ALL ON ${partition} FROM PUBLIC, folio_runtime`);
        await enableTenantRls(q, partition);
      }
    }
    await q.query(`ALTER SEQUENCE document_updates_seq OWNED BY document_updates.seq`);

    await q.query(`
      CREATE TABLE document_compaction_leases (
        tenant_id uuid NOT NULL,
        document_id uuid NOT NULL,
        holder text NOT NULL,
        token bigint NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, document_id),
        FOREIGN KEY (tenant_id, document_id) REFERENCES documents (tenant_id, id) ON DELETE CASCADE
      )`);
    await enableTenantRls(q, 'document_compaction_leases');
  }

  async down(q: QueryRunner): Promise<void> {
    await disableTenantRls(q, 'document_compaction_leases');
    await q.query(`DROP TABLE document_compaction_leases`);
    await q.query(`
      CREATE TABLE document_updates_flat (
        tenant_id uuid NOT NULL,
        document_id uuid NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        update bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, document_id, seq),
        FOREIGN KEY (tenant_id, document_id) REFERENCES documents (tenant_id, id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE document_snapshots_flat (
        tenant_id uuid NOT NULL,
        document_id uuid NOT NULL,
        state bytea NOT NULL,
        up_to_seq bigint NOT NULL,
        fencing_token bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, document_id),
        FOREIGN KEY (tenant_id, document_id) REFERENCES documents (tenant_id, id) ON DELETE CASCADE
      )`);
    for (const table of ['document_updates', 'document_snapshots']) {
      await q.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
      for (let i = 0; i < PARTITIONS; i += 1) {
        await q.query(`ALTER TABLE ${partitionName(table, i)} NO FORCE ROW LEVEL SECURITY`);
      }
    }
    await q.query(
      `INSERT INTO document_updates_flat OVERRIDING SYSTEM VALUE SELECT * FROM document_updates`,
    );
    await q.query(`INSERT INTO document_snapshots_flat SELECT * FROM document_snapshots`);
    await q.query(`
      SELECT setval(pg_get_serial_sequence('document_updates_flat', 'seq'),
                    COALESCE((SELECT max(seq) FROM document_updates), 0) + 1, false)`);
    await q.query(`DROP TABLE document_updates`);
    await q.query(`DROP TABLE document_snapshots`);
    for (const table of ['document_updates', 'document_snapshots']) {
      await q.query(`ALTER TABLE ${table}_flat RENAME TO ${table}`);
      await q.query(`ALTER INDEX ${table}_flat_pkey RENAME TO ${table}_pkey`);
      await enableTenantRls(q, table);
    }
  }
}

/** Hash partitions per table: a power of two, so a later split doubles cleanly. */
const PARTITIONS = 16;

function partitionName(table: string, index: number): string {
  return `${table}_p${String(index).padStart(2, '0')}`;
}
