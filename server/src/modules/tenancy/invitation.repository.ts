import type { EntityManager } from 'typeorm';
import { cursorTimestampSql, type Keyset } from '../../platform/db/keyset-cursor.js';

/**
 * An invitation row. Read and written with SQL here rather than through a TypeORM entity: the
 * table belongs to this module but the runtime DataSource's entity list is the composition root's.
 */
export interface Invitation {
  tenantId: string;
  id: string;
  email: string;
  role: string;
  tokenHash: string;
  invitedBy: string | null;
  expiresAt: Date;
  acceptedAt: Date | null;
  acceptedBy: string | null;
  revokedAt: Date | null;
  createdAt: Date;
  /** created_at as cursor text (microseconds). */
  cursorTs: string;
}

export type InvitationStatus = 'pending' | 'expired' | 'accepted' | 'revoked';

/** Where an invitation stands at `now`. */
export function invitationStatus(invitation: Invitation, now = new Date()): InvitationStatus {
  if (invitation.acceptedAt) return 'accepted';
  if (invitation.revokedAt) return 'revoked';
  return invitation.expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending';
}

interface Row {
  tenant_id: string;
  id: string;
  email: string;
  role: string;
  token_hash: string;
  invited_by: string | null;
  expires_at: Date;
  accepted_at: Date | null;
  accepted_by: string | null;
  revoked_at: Date | null;
  created_at: Date;
  cursor_ts: string;
}

const COLUMNS = `tenant_id, id, email, role, token_hash, invited_by, expires_at, accepted_at,
  accepted_by, revoked_at, created_at, ${cursorTimestampSql('created_at')} AS cursor_ts`;

function toInvitation(row: Row): Invitation {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    email: row.email,
    role: row.role,
    tokenHash: row.token_hash,
    invitedBy: row.invited_by,
    expiresAt: row.expires_at,
    acceptedAt: row.accepted_at,
    acceptedBy: row.accepted_by,
    revokedAt: row.revoked_at,
    createdAt: row.created_at,
    cursorTs: row.cursor_ts,
  };
}

/** Statuses as SQL conditions, so a filtered list still pages by keyset. */
const STATUS_SQL: Record<InvitationStatus, string> = {
  pending: 'accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()',
  expired: 'accepted_at IS NULL AND revoked_at IS NULL AND expires_at <= now()',
  accepted: 'accepted_at IS NOT NULL',
  revoked: 'accepted_at IS NULL AND revoked_at IS NOT NULL',
};

/** Invitations of one tenant; every call runs in a transaction bound to that tenant. */
export const invitationRepository = {
  async insert(
    tx: EntityManager,
    input: {
      tenantId: string;
      email: string;
      role: string;
      tokenHash: string;
      invitedBy: string | null;
      expiresAt: Date;
    },
  ): Promise<Invitation> {
    const rows = await tx.query<Row[]>(
      `INSERT INTO invitations (tenant_id, email, role, token_hash, invited_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [input.tenantId, input.email, input.role, input.tokenHash, input.invitedBy, input.expiresAt],
    );
    return toInvitation(rows[0]!);
  },

  /** One invitation, locked for the rest of the transaction when `forUpdate`. */
  async find(
    tx: EntityManager,
    tenantId: string,
    id: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<Invitation | null> {
    const rows = await tx.query<Row[]>(
      `SELECT ${COLUMNS} FROM invitations WHERE tenant_id = $1 AND id = $2${
        options.forUpdate ? ' FOR UPDATE' : ''
      }`,
      [tenantId, id],
    );
    return rows[0] ? toInvitation(rows[0]) : null;
  },

  /** The open (neither accepted nor revoked) invitation for an email, locked. */
  async findOpenByEmail(
    tx: EntityManager,
    tenantId: string,
    email: string,
  ): Promise<Invitation | null> {
    const rows = await tx.query<Row[]>(
      `SELECT ${COLUMNS} FROM invitations
        WHERE tenant_id = $1 AND email = $2 AND accepted_at IS NULL AND revoked_at IS NULL
        FOR UPDATE`,
      [tenantId, email],
    );
    return rows[0] ? toInvitation(rows[0]) : null;
  },

  /** Newest first, keyset-paginated on (created_at, id). */
  async list(
    tx: EntityManager,
    tenantId: string,
    options: { limit: number; after?: Keyset | undefined; status?: InvitationStatus | undefined },
  ): Promise<Invitation[]> {
    const params: unknown[] = [tenantId, options.limit];
    const where = ['tenant_id = $1'];
    if (options.after) {
      params.push(options.after.createdAt, options.after.id);
      where.push(
        `(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`,
      );
    }
    if (options.status) where.push(`(${STATUS_SQL[options.status]})`);
    const rows = await tx.query<Row[]>(
      `SELECT ${COLUMNS} FROM invitations WHERE ${where.join(' AND ')}
        ORDER BY created_at DESC, id DESC LIMIT $2`,
      params,
    );
    return rows.map(toInvitation);
  },

  async update(
    tx: EntityManager,
    tenantId: string,
    id: string,
    patch: Partial<
      Pick<Invitation, 'tokenHash' | 'expiresAt' | 'acceptedAt' | 'acceptedBy' | 'revokedAt'>
    >,
  ): Promise<Invitation> {
    const columns: Record<keyof typeof patch, string> = {
      tokenHash: 'token_hash',
      expiresAt: 'expires_at',
      acceptedAt: 'accepted_at',
      acceptedBy: 'accepted_by',
      revokedAt: 'revoked_at',
    };
    const entries = Object.entries(patch) as [keyof typeof patch, unknown][];
    const sets = entries.map(([key], i) => `${columns[key]} = $${i + 3}`);
    const [rows] = await tx.query<[Row[], number]>(
      `UPDATE invitations SET ${sets.join(', ')} WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [tenantId, id, ...entries.map(([, value]) => value)],
    );
    return toInvitation(rows[0]!);
  },

  /** Drops closed invitations (accepted, revoked or expired) that name a role about to be deleted. */
  async deleteClosedForRole(tx: EntityManager, tenantId: string, role: string): Promise<number> {
    const [, count] = await tx.query<[unknown[], number]>(
      `DELETE FROM invitations WHERE tenant_id = $1 AND role = $2
          AND NOT (${STATUS_SQL.pending}) RETURNING id`,
      [tenantId, role],
    );
    return count;
  },

  /** Pending invitations of the tenant, or only those granting `role`. */
  async countPending(tx: EntityManager, tenantId: string, role?: string): Promise<number> {
    const rows = await tx.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM invitations
        WHERE tenant_id = $1 AND ($2::text IS NULL OR role = $2) AND ${STATUS_SQL.pending}`,
      [tenantId, role ?? null],
    );
    return rows[0]?.n ?? 0;
  },
};
