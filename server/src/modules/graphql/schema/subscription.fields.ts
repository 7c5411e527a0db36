/**
 * Subscriptions over the event feed: every node hears every delivered event, so a client on any
 * node hears what happened through any other. Each stream keeps only its own tenant's events,
 * and the permission it needs is checked when it starts.
 */
import {
  GraphQLID,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLString,
  type GraphQLFieldConfig,
  type GraphQLFieldConfigMap,
} from 'graphql';
import type { DataSource } from 'typeorm';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import { eventStream } from '../../../platform/graphql/event-stream.js';
import type { Permission } from '../../access/index.js';
import { documentRepository } from '../../documents/index.js';
import type { LiveEventEnvelope } from '../../events/index.js';
import { isUuid, requireCan, type GraphqlContext } from '../graphql.context.js';
import { PublishedDocumentType } from './published.types.js';

/** What the subscriptions listen to. */
export interface SubscriptionDeps {
  readonly dataSource: DataSource;
  readonly events: { subscribe(listener: (event: LiveEventEnvelope) => void): () => void };
  /** documentChanged sends at most one event per document per this many ms. */
  readonly changeDebounceMs: number;
}

/** The event types that mean a document's content or publication changed. */
export const CHANGE_EVENTS: ReadonlySet<string> = new Set([
  'version.created',
  'version.restored',
  'document.published',
  'document.unpublished',
]);

const COMMENT_EVENTS: ReadonlySet<string> = new Set(['comment.created', 'comment.replied']);

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const id = { type: new GraphQLNonNull(GraphQLID) };
const text = { type: GraphQLString };
const requiredText = { type: new GraphQLNonNull(GraphQLString) };

/** A delivered event as subscription payloads present it. */
interface EventPayload {
  event: LiveEventEnvelope;
  contentType?: string;
}

const field = (pick: (p: EventPayload) => unknown, nonNull = false) => ({
  ...(nonNull ? requiredText : text),
  resolve: pick,
});

const PublishedEventType = new GraphQLObjectType<EventPayload, GraphqlContext>({
  name: 'DocumentPublishedEvent',
  fields: {
    documentId: { ...id, resolve: (p) => p.event.documentId },
    versionId: { ...id, resolve: (p) => str(p.event.payload.versionId) },
    contentType: field((p) => p.contentType, true),
    occurredAt: field((p) => p.event.occurredAt, true),
    document: {
      type: PublishedDocumentType,
      description: 'The published document now (null if already unpublished).',
      resolve: (p, _args, context) => {
        const documentId = p.event.documentId!;
        // A subscription's context lives for many events: read afresh, not from the first one.
        context.loaders.published.clear(documentId);
        return context.loaders.published.load(documentId);
      },
    },
  },
});

const ChangedEventType = new GraphQLObjectType<EventPayload, GraphqlContext>({
  name: 'DocumentChangedEvent',
  fields: {
    documentId: { ...id, resolve: (p) => p.event.documentId },
    type: field((p) => p.event.type, true),
    versionId: { type: GraphQLID, resolve: (p) => str(p.event.payload.versionId) },
    occurredAt: field((p) => p.event.occurredAt, true),
  },
});

const TransitionedEventType = new GraphQLObjectType<EventPayload, GraphqlContext>({
  name: 'WorkflowTransitionedEvent',
  fields: {
    documentId: { ...id, resolve: (p) => p.event.documentId },
    transition: field((p) => str(p.event.payload.transition), true),
    from: field((p) => str(p.event.payload.from), true),
    to: field((p) => str(p.event.payload.to), true),
    versionId: { type: GraphQLID, resolve: (p) => str(p.event.payload.versionId) },
    note: field((p) => str(p.event.payload.note)),
    actorId: { type: GraphQLID, resolve: (p) => p.event.actor.id },
    occurredAt: field((p) => p.event.occurredAt, true),
  },
});

const CommentEventType = new GraphQLObjectType<EventPayload, GraphqlContext>({
  name: 'CommentAddedEvent',
  fields: {
    documentId: { ...id, resolve: (p) => p.event.documentId },
    threadId: { ...id, resolve: (p) => str(p.event.payload.threadId) },
    commentId: { ...id, resolve: (p) => str(p.event.payload.commentId) },
    isReply: {
      type: new GraphQLNonNull(GraphQLString),
      description: '"thread" for a new thread, "reply" for a reply.',
      resolve: (p) => (p.event.type === 'comment.replied' ? 'reply' : 'thread'),
    },
    occurredAt: field((p) => p.event.occurredAt, true),
  },
});

function documentArg(raw: unknown): string {
  if (typeof raw !== 'string' || !isUuid(raw)) {
    throw new AppError('validation_failed', 'documentId must be a document id');
  }
  return raw.toLowerCase();
}

/** Only what `push` lets through in any window of `ms`: the first at once, the latest at its end. */
function throttle<T>(push: (value: T) => void, ms: number): { push(value: T): void; stop(): void } {
  let windowEnds = 0;
  let pending: { value: T } | null = null;
  let timer: NodeJS.Timeout | null = null;
  return {
    push(value) {
      const now = Date.now();
      if (now >= windowEnds && !timer) {
        windowEnds = now + ms;
        push(value);
        return;
      }
      pending = { value };
      timer ??= setTimeout(
        () => {
          timer = null;
          windowEnds = Date.now() + ms;
          if (pending) push(pending.value);
          pending = null;
        },
        Math.max(0, windowEnds - now),
      );
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

/** The subscription fields. */
export function subscriptionFields(
  deps: SubscriptionDeps,
): GraphQLFieldConfigMap<unknown, GraphqlContext> {
  /** A subscription over the tenant's events that `accept` turns into payloads. */
  const over = (
    type: GraphQLObjectType<EventPayload, GraphqlContext>,
    permission: Permission,
    args: GraphQLFieldConfig<unknown, GraphqlContext>['args'],
    listen: (
      context: GraphqlContext,
      args: Record<string, unknown>,
      push: (p: EventPayload) => void,
    ) => { onEvent(event: LiveEventEnvelope): void; stop?(): void },
  ): GraphQLFieldConfig<unknown, GraphqlContext> => ({
    type: new GraphQLNonNull(type),
    args,
    subscribe: (_root, rawArgs: Record<string, unknown>, context) => {
      requireCan(context, permission);
      let emit: (p: EventPayload) => void = () => undefined;
      // Built before the stream, so bad arguments fail the subscription instead of its first event.
      const handler = listen(context, rawArgs, (p) => emit(p));
      return eventStream<EventPayload>((push) => {
        emit = push;
        const off = deps.events.subscribe((event) => {
          if (event.tenantId === context.tenantId) handler.onEvent(event);
        });
        return () => {
          off();
          handler.stop?.();
        };
      });
    },
    resolve: (payload) => payload,
  });

  return {
    documentPublished: over(
      PublishedEventType,
      'published.read',
      { contentType: { type: GraphQLString } },
      (context, args, push) => ({
        onEvent(event) {
          if (event.type !== 'document.published' || !event.documentId) return;
          const documentId = event.documentId;
          void withTenant(deps.dataSource, context.tenantId, (tx) =>
            documentRepository.findById(tx, context.tenantId, documentId),
          )
            .then((doc) => {
              if (!doc) return;
              if (typeof args.contentType === 'string' && doc.contentType !== args.contentType)
                return;
              push({ event, contentType: doc.contentType });
            })
            .catch(() => undefined);
        },
      }),
    ),
    documentChanged: over(
      ChangedEventType,
      'documents.read',
      { documentId: id },
      (_c, args, push) => {
        const documentId = documentArg(args.documentId);
        const throttled = throttle(push, deps.changeDebounceMs);
        return {
          onEvent(event) {
            if (event.documentId === documentId && CHANGE_EVENTS.has(event.type))
              throttled.push({ event });
          },
          stop: () => throttled.stop(),
        };
      },
    ),
    workflowTransitioned: over(
      TransitionedEventType,
      'documents.read',
      { documentId: id },
      (_c, args, push) => {
        const documentId = documentArg(args.documentId);
        return {
          onEvent(event) {
            if (event.type === 'workflow.transitioned' && event.documentId === documentId)
              push({ event });
          },
        };
      },
    ),
    commentAdded: over(CommentEventType, 'documents.read', { documentId: id }, (_c, args, push) => {
      const documentId = documentArg(args.documentId);
      return {
        onEvent(event) {
          if (COMMENT_EVENTS.has(event.type) && event.documentId === documentId) push({ event });
        },
      };
    }),
  };
}
