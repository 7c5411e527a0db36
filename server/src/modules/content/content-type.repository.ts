import type { EntityManager } from 'typeorm';
import type { FieldDefinition } from './content-type.schema.js';
import type { ContentTypeRecord } from './content-type.js';

interface Row {
  tenant_id: string;
  key: string;
  name: string;
  description: string | null;
  fields: FieldDefinition[];
  revision: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'tenant_id, key, name, description, fields, revision, created_at, updated_at';

function toRecord(row: Row): ContentTypeRecord {
  return {
    tenantId: row.tenant_id,
    key: row.key,
    name: row.name,
    description: row.description,
    fields: row.fields,
    isBuiltIn: false,
    revision: row.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Reads and writes of a tenant's content type rows; callers are inside withTenant (RLS applies). */
export const contentTypeRepository = {
  async find(tx: EntityManager, tenantId: string, key: string): Promise<ContentTypeRecord | null> {
    const rows = await tx.query<Row[]>(
      `SELECT ${COLUMNS} FROM content_types WHERE tenant_id = $1 AND key = $2`,
      [tenantId, key],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  },

  /** The row locked for the rest of the transaction, for a read-check-write update. */
  async findForUpdate(
    tx: EntityManager,
    tenantId: string,
    key: string,
  ): Promise<ContentTypeRecord | null> {
    const rows = await tx.query<Row[]>(
      `SELECT ${COLUMNS} FROM content_types WHERE tenant_id = $1 AND key = $2 FOR UPDATE`,
      [tenantId, key],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  },

  async list(tx: EntityManager, tenantId: string): Promise<ContentTypeRecord[]> {
    const rows = await tx.query<Row[]>(
      `SELECT ${COLUMNS} FROM content_types WHERE tenant_id = $1 ORDER BY key`,
      [tenantId],
    );
    return rows.map(toRecord);
  },

  /** Inserts a new type; null when the key is already taken in the tenant. */
  async insert(
    tx: EntityManager,
    input: {
      tenantId: string;
      key: string;
      name: string;
      description: string | null;
      fields: FieldDefinition[];
    },
  ): Promise<ContentTypeRecord | null> {
    const rows = await tx.query<Row[]>(
      `INSERT INTO content_types (tenant_id, key, name, description, fields)
       VALUES ($1, $2, $3, $4, $5::jsonb)
       ON CONFLICT (tenant_id, key) DO NOTHING
       RETURNING ${COLUMNS}`,
      [input.tenantId, input.key, input.name, input.description, JSON.stringify(input.fields)],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  },

  /** Writes the new values and the next revision. */
  async update(tx: EntityManager, record: ContentTypeRecord): Promise<ContentTypeRecord> {
    // The pg driver answers UPDATE … RETURNING with [rows, affected], unlike INSERT.
    const [rows] = await tx.query<[Row[], number]>(
      `UPDATE content_types
          SET name = $3, description = $4, fields = $5::jsonb, revision = revision + 1, updated_at = now()
        WHERE tenant_id = $1 AND key = $2
        RETURNING ${COLUMNS}`,
      [record.tenantId, record.key, record.name, record.description, JSON.stringify(record.fields)],
    );
    return toRecord(rows[0]!);
  },

  async remove(tx: EntityManager, tenantId: string, key: string): Promise<void> {
    await tx.query(`DELETE FROM content_types WHERE tenant_id = $1 AND key = $2`, [tenantId, key]);
  },

  /** How many of the tenant's documents are of this type. */
  async documentCount(tx: EntityManager, tenantId: string, key: string): Promise<number> {
    const rows = await tx.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM documents WHERE tenant_id = $1 AND content_type = $2`,
      [tenantId, key],
    );
    return rows[0]?.n ?? 0;
  },
};
