import type { EntityManager } from 'typeorm';
import { cursorTimestampSql, type Keyset } from '../../platform/db/keyset-cursor.js';

/** A membership joined with the user it belongs to, as the members list shows it. */
export interface MemberView {
  userId: string;
  email: string;
  displayName: string;
  role: string;
  joinedAt: Date;
  cursorTs: string;
}

interface Row {
  user_id: string;
  email: string;
  display_name: string;
  role: string;
  created_at: Date;
  cursor_ts: string;
}

const SELECT = `SELECT m.user_id, u.email, u.display_name, m.role, m.created_at,
    ${cursorTimestampSql('m.created_at')} AS cursor_ts
  FROM memberships m JOIN users u ON u.id = m.user_id`;

function toView(row: Row): MemberView {
  return {
    userId: row.user_id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    joinedAt: row.created_at,
    cursorTs: row.cursor_ts,
  };
}

/** Memberships of one tenant; every call runs in a transaction bound to that tenant. */
export const memberRepository = {
  /** Oldest member first, keyset-paginated on (joined, user id). */
  async list(
    tx: EntityManager,
    tenantId: string,
    options: { limit: number; after?: Keyset | undefined },
  ): Promise<MemberView[]> {
    const params: unknown[] = [tenantId, options.limit];
    let keyset = '';
    if (options.after) {
      params.push(options.after.createdAt, options.after.id);
      keyset = ' AND (m.created_at, m.user_id) > ($3::timestamptz, $4::uuid)';
    }
    const rows = await tx.query<Row[]>(
      `${SELECT} WHERE m.tenant_id = $1${keyset} ORDER BY m.created_at, m.user_id LIMIT $2`,
      params,
    );
    return rows.map(toView);
  },

  /** One member (no lock: a read). */
  async find(tx: EntityManager, tenantId: string, userId: string): Promise<MemberView | null> {
    const rows = await tx.query<Row[]>(`${SELECT} WHERE m.tenant_id = $1 AND m.user_id = $2`, [
      tenantId,
      userId,
    ]);
    return rows[0] ? toView(rows[0]) : null;
  },

  /** One member, with the membership row locked for the rest of the transaction. */
  async findForUpdate(
    tx: EntityManager,
    tenantId: string,
    userId: string,
  ): Promise<MemberView | null> {
    const rows = await tx.query<Row[]>(
      `${SELECT} WHERE m.tenant_id = $1 AND m.user_id = $2 FOR UPDATE OF m`,
      [tenantId, userId],
    );
    return rows[0] ? toView(rows[0]) : null;
  },

  /**
   * Locks every owner membership and counts them: two owners demoting each other at once
   * serialise here, so the tenant can never end up with none.
   */
  async lockOwners(tx: EntityManager, tenantId: string): Promise<string[]> {
    const rows = await tx.query<{ user_id: string }[]>(
      `SELECT user_id FROM memberships WHERE tenant_id = $1 AND role = 'owner' ORDER BY user_id FOR UPDATE`,
      [tenantId],
    );
    return rows.map((r) => r.user_id);
  },

  async isMember(tx: EntityManager, tenantId: string, userId: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>(
      `SELECT 1 FROM memberships WHERE tenant_id = $1 AND user_id = $2`,
      [tenantId, userId],
    );
    return rows.length > 0;
  },

  async insert(
    tx: EntityManager,
    input: { tenantId: string; userId: string; role: string },
  ): Promise<void> {
    await tx.query(`INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3)`, [
      input.tenantId,
      input.userId,
      input.role,
    ]);
  },

  async setRole(tx: EntityManager, tenantId: string, userId: string, role: string): Promise<void> {
    await tx.query(`UPDATE memberships SET role = $3 WHERE tenant_id = $1 AND user_id = $2`, [
      tenantId,
      userId,
      role,
    ]);
  },

  async remove(tx: EntityManager, tenantId: string, userId: string): Promise<boolean> {
    const [, count] = await tx.query<[unknown[], number]>(
      `DELETE FROM memberships WHERE tenant_id = $1 AND user_id = $2 RETURNING user_id`,
      [tenantId, userId],
    );
    return count > 0;
  },
};
