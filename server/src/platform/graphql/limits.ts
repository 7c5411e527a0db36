/**
 * Static limits checked before an operation runs: how deep its selections nest and what it would
 * cost. Counting fields is cheap; an operation refused here never reaches a resolver.
 */
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/** The limits of one operation. */
export interface OperationLimits {
  readonly maxDepth: number;
  readonly maxCost: number;
  /** What a list (or a paginated field) is assumed to return when it names no `first`. */
  readonly defaultListSize: number;
}

/** The `extensions.code` of an operation refused by its depth or cost. */
export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

class LimitExceeded extends Error {
  constructor(
    readonly limit: 'depth' | 'cost',
    readonly max: number,
  ) {
    super(limit);
  }
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  limits: OperationLimits;
  cost: number;
}

function firstArgument(node: FieldNode, walk: Walk): number | null {
  const arg = node.arguments?.find((a) => a.name.value === 'first');
  if (!arg) return null;
  const value: ValueNode = arg.value;
  const raw =
    value.kind === Kind.INT
      ? Number(value.value)
      : value.kind === Kind.VARIABLE
        ? walk.variables[value.name.value]
        : null;
  return typeof raw === 'number' && Number.isFinite(raw) ? raw : null;
}

/** How many times a field's selections run: its `first`, or the default size for a list. */
function multiplier(
  node: FieldNode,
  field: GraphQLField<unknown, unknown>,
  parent: GraphQLNamedType,
  walk: Walk,
): number {
  const paginated = field.args.some((a) => a.name === 'first');
  const list = isListType(getNullableType(field.type));
  // A connection's `edges` list is already sized by the connection's own `first`.
  if (!paginated && (!list || parent.name.endsWith('Connection'))) return 1;
  const first = paginated ? firstArgument(node, walk) : null;
  return Math.max(1, Math.min(first ?? walk.limits.defaultListSize, walk.limits.maxCost + 1));
}

function visit(
  set: SelectionSetNode,
  parent: GraphQLNamedType,
  depth: number,
  factor: number,
  walk: Walk,
): void {
  if (depth > walk.limits.maxDepth) throw new LimitExceeded('depth', walk.limits.maxDepth);
  for (const selection of set.selections) {
    switch (selection.kind) {
      case Kind.FIELD: {
        walk.cost += factor;
        if (walk.cost > walk.limits.maxCost) throw new LimitExceeded('cost', walk.limits.maxCost);
        if (!selection.selectionSet) break;
        const field =
          isObjectType(parent) || isInterfaceType(parent)
            ? parent.getFields()[selection.name.value]
            : undefined;
        if (!field) {
          // Introspection (__schema, __type): count the nesting, at unit factor.
          visit(selection.selectionSet, parent, depth + 1, factor, walk);
          break;
        }
        const next = factor * multiplier(selection, field, parent, walk);
        visit(selection.selectionSet, getNamedType(field.type), depth + 1, next, walk);
        break;
      }
      case Kind.INLINE_FRAGMENT: {
        const typeName = selection.typeCondition?.name.value;
        const type = (typeName && walk.schema.getType(typeName)) || parent;
        visit(selection.selectionSet, type, depth, factor, walk);
        break;
      }
      case Kind.FRAGMENT_SPREAD: {
        const fragment = walk.fragments.get(selection.name.value);
        if (!fragment) break;
        const type = walk.schema.getType(fragment.typeCondition.name.value) ?? parent;
        visit(fragment.selectionSet, type, depth, factor, walk);
        break;
      }
      default: {
        const exhaustive: never = selection;
        return exhaustive;
      }
    }
  }
}

/**
 * Null when the (validated) operation is within the limits, else the error refusing it. The walk
 * stops as soon as a limit is passed, so even a fragment bomb costs at most `maxCost` steps.
 */
export function checkOperationLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | null | undefined,
  limits: OperationLimits,
): GraphQLError | null {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  }
  const root = schema.getRootType(operation.operation);
  if (!root) return null;
  const walk: Walk = { schema, fragments, variables: variables ?? {}, limits, cost: 0 };
  try {
    visit(operation.selectionSet, root, 1, 1, walk);
    return null;
  } catch (error) {
    if (!(error instanceof LimitExceeded)) throw error;
    const what = error.limit === 'depth' ? 'nests deeper than' : 'costs more than';
    return new GraphQLError(`The operation ${what} the limit of ${error.max}`, {
      extensions: { code: QUERY_TOO_COMPLEX, limit: error.limit, max: error.max },
    });
  }
}
