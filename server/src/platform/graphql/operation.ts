/**
 * One way to turn a request's query into execution arguments, for every transport (HTTP and
 * websocket): parse (token-bounded), validate, pick the operation, check depth and cost. Anything
 * refused here is the client's fault and never reaches a resolver.
 */
import {
  getOperationAST,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationTypeNode,
} from 'graphql';
import { AppError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import { checkOperationLimits, type OperationLimits } from './limits.js';

/** What a client asked to run. */
export interface OperationRequest {
  readonly query: string;
  readonly operationName?: string | null | undefined;
  readonly variables?: Record<string, unknown> | null | undefined;
}

/** A checked operation, or why it was refused. */
export type PreparedOperation =
  | {
      kind: 'ready';
      document: DocumentNode;
      operation: OperationTypeNode;
      operationName: string | undefined;
      variables: Record<string, unknown> | undefined;
    }
  | { kind: 'refused'; errors: GraphQLError[] };

// A query this long in tokens is not a real client's: parsing stops there instead of churning.
const MAX_TOKENS = 10_000;

const refused = (message: string, code: string): PreparedOperation => ({
  kind: 'refused',
  errors: [new GraphQLError(message, { extensions: { code } })],
});

/** See the file comment; `allowed` names the operation types this transport runs. */
export function prepareOperation(
  schema: GraphQLSchema,
  limits: OperationLimits,
  request: OperationRequest,
  allowed: readonly OperationTypeNode[],
): PreparedOperation {
  let document: DocumentNode;
  try {
    document = parse(request.query, { maxTokens: MAX_TOKENS });
  } catch (error) {
    const message = error instanceof GraphQLError ? error.message : 'Unparsable query';
    return refused(message, 'GRAPHQL_PARSE_FAILED');
  }
  const invalid = validate(schema, document, undefined, { maxErrors: 20 });
  if (invalid.length > 0) {
    return {
      kind: 'refused',
      errors: invalid.map(
        (e) =>
          new GraphQLError(e.message, {
            nodes: e.nodes ?? null,
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          }),
      ),
    };
  }
  const operationName = request.operationName ?? undefined;
  const ast = getOperationAST(document, operationName);
  if (!ast) return refused('The request names no single operation to run', 'BAD_USER_INPUT');
  if (!allowed.includes(ast.operation)) {
    return refused(`${ast.operation} operations are not served here`, 'BAD_USER_INPUT');
  }
  const tooComplex = checkOperationLimits(schema, document, ast, request.variables, limits);
  if (tooComplex) return { kind: 'refused', errors: [tooComplex] };
  return {
    kind: 'ready',
    document,
    operation: ast.operation,
    operationName,
    variables: request.variables ?? undefined,
  };
}

/**
 * The client's view of an error: an AppError keeps its catalogue code (`extensions.code`) and
 * exposed details; a GraphQL error (syntax, validation, coercion) keeps its message; anything
 * else is logged and becomes INTERNAL_SERVER_ERROR.
 */
export function formatGraphqlError(error: GraphQLError, logger?: Logger): GraphQLFormattedError {
  const base = {
    ...(error.locations ? { locations: error.locations } : {}),
    ...(error.path ? { path: error.path } : {}),
  };
  const original = error.originalError;
  if (original instanceof AppError) {
    const exposed = original.expose;
    if (!exposed) logger?.error({ error: original }, 'graphql resolver failed');
    return {
      message: exposed ? original.message : 'Internal server error',
      ...base,
      extensions: {
        code: original.graphqlCode,
        reason: original.code,
        ...(exposed && original.details !== undefined ? { details: original.details } : {}),
      },
    };
  }
  if (original && !(original instanceof GraphQLError)) {
    logger?.error({ error: original }, 'graphql resolver failed');
    return {
      message: 'Internal server error',
      ...base,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  }
  const code = typeof error.extensions.code === 'string' ? error.extensions.code : 'BAD_USER_INPUT';
  return { message: error.message, ...base, extensions: { ...error.extensions, code } };
}
