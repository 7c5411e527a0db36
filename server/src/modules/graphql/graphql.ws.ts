/**
 * `/graphql` over websockets (graphql-ws): only upgrades for `/graphql` are taken — the collab
 * endpoint owns `/collab/…`, socket.io `/live`. The connection authenticates once, with
 * `connectionParams.token` against the tenant its Host names; bad credentials close it with 4401,
 * another tenant's with 4403. Each operation then passes the same checks as over HTTP, and access
 * changes reach open connections (graphql.ws-access.ts).
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { execute, GraphQLError, subscribe, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { runWithContextPatch } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { OperationLimits } from '../../platform/graphql/limits.js';
import { upgradePath } from '../../platform/http/upgrade-guard.js';
import { formatGraphqlError, prepareOperation } from '../../platform/graphql/operation.js';
import type { Logger } from '../../platform/logging/logger.js';
import type { Principal } from '../access/index.js';
import { graphqlPrincipal, type GraphqlAccessDeps } from './graphql.access.js';
import { createGraphqlContext, type ContextDeps, type GraphqlContext } from './graphql.context.js';
import {
  GraphqlWsAccess,
  type GraphqlWsAccessDeps,
  type TrackedSocket,
} from './graphql.ws-access.js';

/** What the websocket endpoint is built from. */
export interface GraphqlWsDeps extends GraphqlAccessDeps, ContextDeps, GraphqlWsAccessDeps {
  readonly schema: GraphQLSchema;
  readonly limits: OperationLimits;
  readonly logger: Logger;
  readonly path: string;
}

/** A running websocket endpoint. */
export interface GraphqlWsEndpoint {
  stop(): Promise<void>;
}

type Extra = { tracked?: TrackedSocket; untrack?: () => void };

/** Runs an operation in the request context of its principal, like an HTTP request. */
function inContext<T>(args: ExecutionArgs, run: () => T): T {
  const { principal } = args.contextValue as GraphqlContext;
  const actor =
    principal.kind === 'member'
      ? { kind: 'user' as const, userId: principal.userId }
      : { kind: 'apiKey' as const, apiKeyId: principal.apiKeyId };
  return runWithContextPatch({ tenantId: principal.tenantId, actor }, run);
}

/** Attaches graphql-ws to `server` for upgrades on `deps.path`. */
export function attachGraphqlWs(server: Server, deps: GraphqlWsDeps): GraphqlWsEndpoint {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const access = new GraphqlWsAccess(deps);
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (upgradePath(request) !== deps.path) return;
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  };
  server.on('upgrade', onUpgrade);
  const format = (errors: readonly GraphQLError[]) =>
    errors.map((e) => formatGraphqlError(e, deps.logger));

  const disposable = useServer<Record<string, unknown> | undefined, Extra>(
    {
      schema: deps.schema,
      execute: (args) => inContext(args, () => execute(args)),
      subscribe: (args) => inContext(args, () => subscribe(args)),
      onConnect: async (ctx) => {
        try {
          const principal: Principal = await graphqlPrincipal(deps, {
            host: ctx.extra.request.headers.host,
            token: ctx.connectionParams?.token,
          });
          const tracked: TrackedSocket = { socket: ctx.extra.socket, principal };
          ctx.extra.tracked = tracked;
          ctx.extra.untrack = access.track(tracked);
          return true;
        } catch (error) {
          const appError = error instanceof AppError ? error : null;
          if (!appError) deps.logger.error({ error }, 'graphql-ws authentication failed');
          ctx.extra.socket.close(
            appError?.closeCode ?? 1011,
            appError?.message.slice(0, 120) ?? 'Internal error',
          );
          return false;
        }
      },
      onClose: (ctx) => {
        ctx.extra.untrack?.();
      },
      onSubscribe: (ctx, _id, payload) => {
        const principal = ctx.extra.tracked?.principal;
        if (!principal) {
          return [
            new GraphQLError('Not authenticated', { extensions: { code: 'UNAUTHENTICATED' } }),
          ];
        }
        const prepared = prepareOperation(deps.schema, deps.limits, payload, [
          'query',
          'mutation',
          'subscription',
        ]);
        if (prepared.kind === 'refused') return prepared.errors;
        return {
          schema: deps.schema,
          document: prepared.document,
          operationName: prepared.operationName,
          variableValues: prepared.variables,
          contextValue: createGraphqlContext(deps, principal),
        };
      },
      onNext: (_ctx, _id, _payload, _args, result) => ({
        ...result,
        ...(result.errors ? { errors: format(result.errors) } : {}),
      }),
      onError: (_ctx, _id, _payload, errors) => format(errors),
    },
    wss,
  );

  return {
    async stop() {
      server.off('upgrade', onUpgrade);
      await access.stop();
      for (const client of wss.clients) client.close(1001, 'Server shutting down');
      await disposable.dispose();
    },
  };
}
