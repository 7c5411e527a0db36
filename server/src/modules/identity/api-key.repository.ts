import type { EntityManager } from 'typeorm';
import { AppError } from '../../platform/errors.js';
import { ApiKeyEntity, type ApiKey } from './api-key.entity.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const ISO_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** A page position: the (created_at, id) of the last row seen, created_at at full precision. */
interface Cursor {
  createdAt: string;
  id: string;
}

/** True for a syntactically valid UUID (anything else can name no row). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url');
}

/** Parses a cursor this API issued; anything else is a 400, never a database error. */
export function decodeCursor(raw: string): Cursor {
  const bad = () => new AppError('bad_request', 'Invalid cursor');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch (error) {
    throw new AppError('bad_request', 'Invalid cursor', { cause: error });
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw bad();
  const [createdAt, id] = parsed as unknown[];
  if (typeof createdAt !== 'string' || typeof id !== 'string') throw bad();
  if (!ISO_MICROS.test(createdAt) || !isUuid(id)) throw bad();
  // Rejects dates the regex lets through but PostgreSQL would refuse (e.g. February 30th).
  const ms = Date.parse(createdAt);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 19) !== createdAt.slice(0, 19)) {
    throw bad();
  }
  return { createdAt, id };
}

interface ApiKeyRow {
  tenant_id: string;
  id: string;
  name: string;
  prefix: string;
  secret_hash: string;
  scopes: string[];
  expires_at: Date | null;
  last_used_at: Date | null;
  created_by: string | null;
  revoked_at: Date | null;
  created_at: Date;
  created_at_exact: string;
}

function fromRow(row: ApiKeyRow): ApiKey {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    secretHash: row.secret_hash,
    scopes: row.scopes,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    createdBy: row.created_by,
    revokedAt: row.revoked_at,
    createdAt: row.created_at,
  };
}

/** API keys of the transaction's tenant (RLS scopes every query; tenant_id is matched as well). */
export const apiKeyRepository = {
  findById(tx: EntityManager, tenantId: string, id: string): Promise<ApiKey | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return tx.getRepository(ApiKeyEntity).findOneBy({ tenantId, id });
  },

  /** Newest first, keyset-paginated on (created_at, id). */
  async list(
    tx: EntityManager,
    tenantId: string,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<{ items: ApiKey[]; nextCursor: string | null }> {
    const after = page.cursor ? decodeCursor(page.cursor) : null;
    const rows = await tx.query<ApiKeyRow[]>(
      `SELECT *, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at_exact
         FROM api_keys
        WHERE tenant_id = $1
          AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY created_at DESC, id DESC
        LIMIT $4`,
      [tenantId, after?.createdAt ?? null, after?.id ?? null, page.limit + 1],
    );
    const more = rows.length > page.limit;
    const pageRows = rows.slice(0, page.limit);
    const last = pageRows[pageRows.length - 1];
    return {
      items: pageRows.map(fromRow),
      nextCursor:
        more && last ? encodeCursor({ createdAt: last.created_at_exact, id: last.id }) : null,
    };
  },
};
