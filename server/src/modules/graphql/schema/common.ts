/** Shared GraphQL building blocks: the JSON scalar, Relay-style connections, page arguments. */
import {
  GraphQLBoolean,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLString,
  valueFromASTUntyped,
} from 'graphql';
import { AppError } from '../../../platform/errors.js';

/** Any JSON value (field maps, rich text, anchors), passed through as is. */
export const JsonScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value.',
  coerceOutputValue: (value) => value,
  coerceInputValue: (value) => value,
  coerceInputLiteral: (ast) => valueFromASTUntyped(ast),
});

/** `pageInfo` of every connection. */
export const PageInfoType = new GraphQLObjectType({
  name: 'PageInfo',
  fields: {
    hasNextPage: { type: new GraphQLNonNull(GraphQLBoolean) },
    endCursor: { type: GraphQLString },
  },
});

/** A page as resolvers return it; the connection type presents it. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly cursorOf: (item: T, index: number) => string | null;
  readonly nextCursor: string | null;
}

/** `<Name>Connection { edges { cursor node } pageInfo }` over `node`. */
export function connectionType(name: string, node: GraphQLObjectType): GraphQLObjectType {
  const edge = new GraphQLObjectType({
    name: `${name}Edge`,
    fields: {
      cursor: {
        type: GraphQLString,
        description: 'Where a page starting after this edge begins (null where none can).',
      },
      node: { type: new GraphQLNonNull(node) },
    },
  });
  return new GraphQLObjectType<Page<unknown>>({
    name: `${name}Connection`,
    fields: {
      edges: {
        type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(edge))),
        resolve: (page) =>
          page.items.map((item, i) => ({ cursor: page.cursorOf(item, i), node: item })),
      },
      pageInfo: {
        type: new GraphQLNonNull(PageInfoType),
        resolve: (page) => ({ hasNextPage: page.nextCursor !== null, endCursor: page.nextCursor }),
      },
    },
  });
}

/** `first` and `after`, as every paginated field takes them. */
export const pageArgs = {
  first: { type: GraphQLInt, description: '1–100, default 20.' },
  after: { type: GraphQLString, description: 'The endCursor of the previous page.' },
};

/** The page size a `first` argument asks for; 400 outside 1–100. */
export function pageSize(first: unknown): number {
  if (first === undefined || first === null) return 20;
  if (typeof first !== 'number' || !Number.isInteger(first) || first < 1 || first > 100) {
    throw new AppError('validation_failed', 'first must be between 1 and 100', {
      details: [{ path: 'first', message: 'must be an integer from 1 to 100' }],
    });
  }
  return first;
}

/** An optional string argument, as a value or undefined. */
export function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A timestamp as an ISO string. */
export const iso = (date: Date | string | null | undefined): string | null =>
  date === null || date === undefined ? null : new Date(date).toISOString();
