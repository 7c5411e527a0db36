import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** Who is acting: a member, an API key, the platform itself (jobs, migrations) or nobody yet. */
export type Actor =
  | { kind: 'anonymous' }
  | { kind: 'user'; userId: string }
  | { kind: 'apiKey'; apiKeyId: string }
  | { kind: 'system'; reason: string };

/** What every log line, query and job knows about the work it belongs to. */
export interface RequestContext {
  requestId: string;
  traceId: string;
  tenantId?: string;
  actor: Actor;
  /** The client's address (after trusted-proxy resolution), for audit entries and logs. */
  clientIp?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs fn with ctx as the current context (nested calls see the innermost). */
export function runWithContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/** The current context, if any work is in progress. */
export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Runs fn with the current context extended by patch. */
export function runWithContextPatch<T>(patch: Partial<RequestContext>, fn: () => T): T {
  const base = storage.getStore() ?? newContext();
  return storage.run({ ...base, ...patch }, fn);
}

/** A fresh context for work that starts here (a request, a job, a boot step). */
export function newContext(init: Partial<RequestContext> = {}): RequestContext {
  return {
    requestId: init.requestId ?? randomUUID(),
    traceId: init.traceId ?? randomUUID().replaceAll('-', ''),
    actor: init.actor ?? { kind: 'anonymous' },
    ...(init.tenantId === undefined ? {} : { tenantId: init.tenantId }),
    ...(init.clientIp === undefined ? {} : { clientIp: init.clientIp }),
  };
}

/** The serialisable part of a context, carried in job data and bus messages. */
export interface ContextEnvelope {
  requestId: string;
  traceId: string;
  tenantId?: string;
  actor: Actor;
}

/** Captures the current context for another process (a job, a bus message). */
export function captureContext(): ContextEnvelope {
  const ctx = storage.getStore() ?? newContext({ actor: { kind: 'system', reason: 'detached' } });
  return { ...ctx };
}
