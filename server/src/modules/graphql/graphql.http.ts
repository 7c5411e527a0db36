/**
 * `/graphql` over HTTP (graphql-http): POST, and GET for queries. Authentication runs first, in
 * the request context (tenant, actor) like REST; then the request's parameters (automatic
 * persisted queries resolved), then parse, validation and the depth and cost limits — all before
 * any resolver. Every response is GraphQL-shaped JSON; request errors are 4xx.
 */
import { Router, type Request, type RequestHandler } from 'express';
import type { ExecutionResult, GraphQLError, GraphQLSchema } from 'graphql';
import type { RequestParams, Response as GraphqlHttpResponse } from 'graphql-http';
import { createHandler } from 'graphql-http/lib/use/express';
import { runWithContextPatch } from '../../platform/context.js';
import { AppError, toErrorBody } from '../../platform/errors.js';
import type { OperationLimits } from '../../platform/graphql/limits.js';
import { formatGraphqlError, prepareOperation } from '../../platform/graphql/operation.js';
import {
  resolvePersistedQuery,
  type PersistedQueryStore,
} from '../../platform/graphql/persisted-queries.js';
import { queryPage } from '../../platform/graphql/query-page.js';
import { defineRequestSlot } from '../../platform/http/request-slot.js';
import type { Logger } from '../../platform/logging/logger.js';
import type { Principal } from '../access/index.js';
import { bearerCredential, graphqlPrincipal, type GraphqlAccessDeps } from './graphql.access.js';
import { createGraphqlContext, type ContextDeps } from './graphql.context.js';

/** What the HTTP endpoint is built from. */
export interface GraphqlHttpDeps extends GraphqlAccessDeps, ContextDeps {
  readonly schema: GraphQLSchema;
  readonly limits: OperationLimits;
  readonly persisted: PersistedQueryStore;
  readonly logger: Logger;
  readonly queryPage: boolean;
}

const MAX_QUERY_LENGTH = 100_000;
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

const principalOf = defineRequestSlot<Principal>(
  'graphqlPrincipal',
  () => new AppError('unauthenticated', 'Authentication required'),
);

function errorResponse(
  status: number,
  errors: readonly GraphQLError[],
  logger: Logger,
): GraphqlHttpResponse {
  const body = { errors: errors.map((e) => formatGraphqlError(e, logger)) };
  return [JSON.stringify(body), { status, statusText: '', headers: JSON_TYPE }];
}

function resultResponse(result: ExecutionResult, logger: Logger): GraphqlHttpResponse {
  // No data at all means the request itself was wrong (variables that do not coerce): a 400.
  const status = result.data === undefined && result.errors ? 400 : 200;
  const body = {
    ...(result.data === undefined ? {} : { data: result.data }),
    ...(result.errors ? { errors: result.errors.map((e) => formatGraphqlError(e, logger)) } : {}),
  };
  return [JSON.stringify(body), { status, statusText: '', headers: JSON_TYPE }];
}

const plainError = (status: number, message: string, code: string): GraphqlHttpResponse => [
  JSON.stringify({ errors: [{ message, extensions: { code } }] }),
  { status, statusText: '', headers: JSON_TYPE },
];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const refuse = (response: GraphqlHttpResponse) => ({ ok: false as const, response });

/** The raw parameters of a GET (query string) or POST (JSON body) request. */
function rawParams(
  req: Request,
): { ok: true; raw: Record<string, unknown> } | { ok: false; response: GraphqlHttpResponse } {
  if (req.method === 'GET') {
    const search = new URL(req.originalUrl, 'http://graphql.invalid').searchParams;
    const raw: Record<string, unknown> = { query: search.get('query') ?? undefined };
    raw.operationName = search.get('operationName') ?? undefined;
    for (const key of ['variables', 'extensions'] as const) {
      const text = search.get(key);
      if (text === null) continue;
      try {
        raw[key] = JSON.parse(text);
      } catch {
        return refuse(plainError(400, `${key} is not valid JSON`, 'BAD_USER_INPUT'));
      }
    }
    return { ok: true, raw };
  }
  if (req.method !== 'POST') return refuse(plainError(405, 'Use GET or POST', 'BAD_REQUEST'));
  if (!req.is('application/json')) {
    return refuse(plainError(415, 'POST bodies must be application/json', 'BAD_REQUEST'));
  }
  const body: unknown = req.body;
  if (!isObject(body)) {
    return refuse(plainError(400, 'The body must be a JSON object', 'BAD_USER_INPUT'));
  }
  return { ok: true, raw: body };
}

/** Request parameters with the query resolved (persisted queries included), or the refusal. */
async function requestParams(
  deps: GraphqlHttpDeps,
  req: Request,
): Promise<RequestParams | GraphqlHttpResponse> {
  const parsed = rawParams(req);
  if (!parsed.ok) return parsed.response;
  const { raw } = parsed;
  const { variables, extensions, operationName } = raw;
  if (variables !== undefined && variables !== null && !isObject(variables))
    return plainError(400, 'variables must be an object', 'BAD_USER_INPUT');
  if (extensions !== undefined && extensions !== null && !isObject(extensions))
    return plainError(400, 'extensions must be an object', 'BAD_USER_INPUT');
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string')
    return plainError(400, 'operationName must be a string', 'BAD_USER_INPUT');
  if (typeof raw.query === 'string' && raw.query.length > MAX_QUERY_LENGTH)
    return plainError(
      400,
      `The query is longer than ${MAX_QUERY_LENGTH} characters`,
      'BAD_USER_INPUT',
    );
  const query = await resolvePersistedQuery(
    deps.persisted,
    raw.query,
    extensions ?? undefined,
    MAX_QUERY_LENGTH,
  );
  if (typeof query !== 'string') {
    // Apollo clients retry with the full query on PERSISTED_QUERY_NOT_FOUND in a 200.
    const status = query.extensions.code === 'PERSISTED_QUERY_NOT_FOUND' ? 200 : 400;
    return errorResponse(status, [query], deps.logger);
  }
  return {
    query,
    ...(typeof operationName === 'string' ? { operationName } : {}),
    ...(isObject(variables) ? { variables } : {}),
    ...(isObject(extensions) ? { extensions } : {}),
  };
}

/** Authenticates the request and runs the rest of it in its tenant's request context. */
function authenticate(deps: GraphqlHttpDeps): RequestHandler {
  return async (req, res, next) => {
    let principal: Principal;
    try {
      principal = await graphqlPrincipal(deps, {
        host: req.get('host'),
        tenantHeader: req.get('x-folio-tenant'),
        token: bearerCredential(req.get('authorization')),
      });
    } catch (error) {
      const { status, body } = toErrorBody(error);
      if (status >= 500) deps.logger.error({ error }, 'graphql authentication failed');
      const code = error instanceof AppError ? error.graphqlCode : 'INTERNAL_SERVER_ERROR';
      res.status(status).json({ errors: [{ message: body.error.message, extensions: { code } }] });
      return;
    }
    principalOf.set(res, principal);
    const actor =
      principal.kind === 'member'
        ? { kind: 'user' as const, userId: principal.userId }
        : { kind: 'apiKey' as const, apiKeyId: principal.apiKeyId };
    runWithContextPatch({ tenantId: principal.tenantId, actor }, next);
  };
}

/** The `/graphql` router. */
export function graphqlHttpRouter(deps: GraphqlHttpDeps): Router {
  const router = Router();
  if (deps.queryPage) {
    router.get('/', (req, res, next) => {
      if (req.accepts(['application/json', 'text/html']) !== 'text/html' || req.query.query)
        return next();
      const page = queryPage(req.baseUrl || '/graphql');
      res.setHeader('Content-Security-Policy', page.csp);
      res.type('html').send(page.html);
    });
  }
  router.use(authenticate(deps));
  router.all(
    '/',
    createHandler({
      schema: deps.schema,
      parseRequestParams: (req) => requestParams(deps, req.raw as Request),
      onSubscribe: (req, params) => {
        const prepared = prepareOperation(deps.schema, deps.limits, params, ['query', 'mutation']);
        if (prepared.kind === 'refused') return errorResponse(400, prepared.errors, deps.logger);
        if (prepared.operation === 'mutation' && req.method === 'GET') {
          return plainError(405, 'Mutations need POST', 'BAD_REQUEST');
        }
        const principal = principalOf.require(req.context.res);
        return {
          schema: deps.schema,
          document: prepared.document,
          operationName: prepared.operationName,
          variableValues: prepared.variables,
          contextValue: createGraphqlContext(deps, principal),
        };
      },
      onOperation: (_req, _args, result) => resultResponse(result, deps.logger),
    }),
  );
  return router;
}
