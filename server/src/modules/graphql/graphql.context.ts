/**
 * What every resolver of one operation shares: who asks, in which tenant, and the per-operation
 * DataLoaders that batch lookups by id (one query for all the documents or members a response
 * names, however many fields ask).
 */
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { withTenant } from '../../platform/db/unit-of-work.js';
import { authorize, type Permission, type Principal } from '../access/index.js';
import type { PublishedContent, PublishedDocument } from '../publishing/index.js';
import type { MemberView } from '../tenancy/index.js';

/** The per-operation context of a GraphQL resolver (a type alias: graphql-http wants a record). */
export type GraphqlContext = {
  readonly principal: Principal;
  readonly tenantId: string;
  readonly loaders: {
    readonly published: DataLoader<string, PublishedDocument | null>;
    readonly members: DataLoader<string, MemberView | null>;
  };
};

/** What the context is built from. */
export interface ContextDeps {
  readonly dataSource: DataSource;
  readonly published: PublishedContent;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a client-supplied id can name a row at all (anything else is simply not found). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

interface MemberRow {
  user_id: string;
  email: string;
  display_name: string;
  role: string;
  created_at: Date;
}

/** Members of the tenant among `userIds`, in one query. */
async function membersByIds(
  dataSource: DataSource,
  tenantId: string,
  userIds: readonly string[],
): Promise<Map<string, MemberView>> {
  const ids = userIds.filter(isUuid);
  if (ids.length === 0) return new Map();
  const rows = await withTenant(dataSource, tenantId, (tx) =>
    tx.query<MemberRow[]>(
      `SELECT m.user_id, u.email, u.display_name, m.role, m.created_at
         FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.tenant_id = $1 AND m.user_id = ANY($2::uuid[])`,
      [tenantId, ids],
    ),
  );
  return new Map(
    rows.map((row) => [
      row.user_id,
      {
        userId: row.user_id,
        email: row.email,
        displayName: row.display_name,
        role: row.role,
        joinedAt: row.created_at,
        cursorTs: '',
      },
    ]),
  );
}

/** A fresh context (fresh loaders: nothing is cached across operations). */
export function createGraphqlContext(deps: ContextDeps, principal: Principal): GraphqlContext {
  const tenantId = principal.tenantId;
  return {
    principal,
    tenantId,
    loaders: {
      published: new DataLoader(async (ids) => {
        const found = await deps.published.getMany(tenantId, ids.filter(isUuid));
        return ids.map((id) => found.get(id) ?? null);
      }),
      members: new DataLoader(async (ids) => {
        const found = await membersByIds(deps.dataSource, tenantId, ids);
        return ids.map((id) => found.get(id) ?? null);
      }),
    },
  };
}

/** The context's principal may do `permission`, else FORBIDDEN. */
export function requireCan(context: GraphqlContext, permission: Permission): Principal {
  authorize(context.principal, permission);
  return context.principal;
}
