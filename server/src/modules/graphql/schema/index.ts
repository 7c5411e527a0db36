/** The GraphQL schema of Folio (code-first: the resolvers sit beside the fields they serve). */
import { GraphQLObjectType, GraphQLSchema } from 'graphql';
import type { PublishedContent } from '../../publishing/index.js';
import type { GraphqlContext } from '../graphql.context.js';
import { JsonScalar } from './common.js';
import { documentQueryFields, type DocumentTypesDeps } from './document.types.js';
import { memberQueryFields } from './member.types.js';
import { mutationFields } from './mutation.fields.js';
import { publishedQueryFields } from './published.types.js';
import { subscriptionFields, type SubscriptionDeps } from './subscription.fields.js';

/** What the schema's resolvers are built from. */
export interface SchemaDeps extends DocumentTypesDeps, SubscriptionDeps {
  readonly published: PublishedContent;
}

/** Builds the schema once per node; resolvers reach per-operation state through the context. */
export function buildGraphqlSchema(deps: SchemaDeps): GraphQLSchema {
  return new GraphQLSchema({
    query: new GraphQLObjectType<unknown, GraphqlContext>({
      name: 'Query',
      fields: () => ({
        ...publishedQueryFields(deps.published),
        ...documentQueryFields(deps),
        ...memberQueryFields(deps),
      }),
    }),
    mutation: new GraphQLObjectType<unknown, GraphqlContext>({
      name: 'Mutation',
      fields: () => mutationFields(deps),
    }),
    subscription: new GraphQLObjectType<unknown, GraphqlContext>({
      name: 'Subscription',
      fields: () => subscriptionFields(deps),
    }),
    types: [JsonScalar],
  });
}
