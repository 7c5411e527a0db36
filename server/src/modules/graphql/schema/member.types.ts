/** Members of the tenant: listed with `members.read`, and named by versions and comments. */
import {
  GraphQLID,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLString,
  type GraphQLFieldConfig,
  type GraphQLFieldConfigMap,
} from 'graphql';
import type { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from '../../../platform/db/keyset-cursor.js';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { memberRepository, type MemberView } from '../../tenancy/index.js';
import { requireCan, type GraphqlContext } from '../graphql.context.js';
import { connectionType, iso, optionalString, pageArgs, pageSize } from './common.js';

/** A member of the tenant. */
export const MemberType = new GraphQLObjectType<MemberView, GraphqlContext>({
  name: 'Member',
  fields: {
    userId: { type: new GraphQLNonNull(GraphQLID) },
    email: { type: new GraphQLNonNull(GraphQLString) },
    displayName: { type: new GraphQLNonNull(GraphQLString) },
    role: { type: new GraphQLNonNull(GraphQLString) },
    joinedAt: { type: new GraphQLNonNull(GraphQLString), resolve: (m) => iso(m.joinedAt) },
  },
});

/** A field resolving a user id of the source to the member (batched; `members.read`). */
export function memberField<T>(
  userIdOf: (source: T) => string | null,
): GraphQLFieldConfig<T, GraphqlContext> {
  return {
    type: MemberType,
    description: 'The member (null once they left the tenant); needs members.read.',
    resolve: (source, _args, context) => {
      const userId = userIdOf(source);
      if (!userId) return null;
      requireCan(context, 'members.read');
      return context.loaders.members.load(userId);
    },
  };
}

const MemberConnection = connectionType('Member', MemberType);

const cursorOf = (m: MemberView) => encodeCursor({ createdAt: m.cursorTs, id: m.userId });

/** `members(first, after)`: oldest member first. */
export function memberQueryFields(deps: {
  dataSource: DataSource;
}): GraphQLFieldConfigMap<unknown, GraphqlContext> {
  return {
    members: {
      type: new GraphQLNonNull(MemberConnection),
      args: pageArgs,
      resolve: async (_root, args: { first?: number | null; after?: string | null }, context) => {
        requireCan(context, 'members.read');
        const limit = pageSize(args.first);
        const after = optionalString(args.after);
        const rows = await withTenant(deps.dataSource, context.tenantId, (tx) =>
          memberRepository.list(tx, context.tenantId, {
            limit: limit + 1,
            after: after ? decodeCursor(after) : undefined,
          }),
        );
        const items = rows.slice(0, limit);
        for (const m of items) context.loaders.members.prime(m.userId, m);
        const last = items[items.length - 1];
        return {
          items,
          cursorOf,
          nextCursor: rows.length > limit && last ? cursorOf(last) : null,
        };
      },
    },
  };
}
