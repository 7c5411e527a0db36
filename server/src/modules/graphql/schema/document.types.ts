/** A document as members see it: its versions, its workflow and its comment threads. */
import {
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLID,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLString,
  type GraphQLFieldConfigMap,
} from 'graphql';
import type { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from '../../../platform/db/keyset-cursor.js';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import type { DocumentContent } from '../../collab/index.js';
import { listThreads, type ThreadJson } from '../../comments/index.js';
import { documentRepository, type DocumentRecord } from '../../documents/index.js';
import { listVersions, type VersionSummary } from '../../versions/index.js';
import { presentWorkflow, readWorkflowView, workflowActorOf } from '../../workflow/index.js';
import { isUuid, requireCan, type GraphqlContext } from '../graphql.context.js';
import { connectionType, iso, JsonScalar, optionalString, pageArgs, pageSize } from './common.js';
import { memberField } from './member.types.js';
import { PublishedDocumentType } from './published.types.js';

/** What the document types resolve against. */
export interface DocumentTypesDeps {
  readonly dataSource: DataSource;
  readonly content: DocumentContent;
}

/** A workflow as REST's `GET …/workflow` presents it. */
export type WorkflowJson = ReturnType<typeof presentWorkflow>;
type CommentJson = ThreadJson['comments'][number];

const VersionType = new GraphQLObjectType<VersionSummary, GraphqlContext>({
  name: 'Version',
  fields: {
    id: { type: new GraphQLNonNull(GraphQLID) },
    number: { type: new GraphQLNonNull(GraphQLInt) },
    contentHash: { type: new GraphQLNonNull(GraphQLString) },
    reason: { type: new GraphQLNonNull(GraphQLString) },
    label: { type: GraphQLString },
    authors: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(GraphQLID))) },
    restoredFrom: { type: GraphQLID },
    createdById: { type: GraphQLID, resolve: (v) => v.createdBy },
    createdBy: memberField<VersionSummary>((v) => v.createdBy),
    createdAt: { type: new GraphQLNonNull(GraphQLString), resolve: (v) => iso(v.createdAt) },
  },
});

const StageType = new GraphQLObjectType({
  name: 'WorkflowStage',
  fields: {
    key: { type: new GraphQLNonNull(GraphQLString) },
    name: { type: new GraphQLNonNull(GraphQLString) },
    isTerminal: { type: new GraphQLNonNull(GraphQLBoolean) },
  },
});

const TransitionType = new GraphQLObjectType({
  name: 'WorkflowTransitionOption',
  fields: {
    key: { type: new GraphQLNonNull(GraphQLString) },
    name: { type: new GraphQLNonNull(GraphQLString) },
    to: { type: new GraphQLNonNull(GraphQLString) },
    isAllowed: { type: new GraphQLNonNull(GraphQLBoolean) },
    failures: { type: new GraphQLNonNull(JsonScalar) },
  },
});

/** A document's workflow state, for the asking principal. */
export const WorkflowType = new GraphQLObjectType<WorkflowJson, GraphqlContext>({
  name: 'Workflow',
  fields: {
    documentId: { type: new GraphQLNonNull(GraphQLID) },
    workflowKey: { type: new GraphQLNonNull(GraphQLString), resolve: (w) => w.workflow.key },
    stage: { type: new GraphQLNonNull(StageType) },
    frozenVersionId: { type: GraphQLID },
    assignees: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(GraphQLID))) },
    dueAt: { type: GraphQLString },
    transitions: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(TransitionType))) },
    reviews: { type: new GraphQLNonNull(JsonScalar) },
    publication: { type: JsonScalar },
    history: { type: new GraphQLNonNull(JsonScalar) },
    revision: { type: new GraphQLNonNull(GraphQLInt) },
  },
});

const CommentAuthorType = new GraphQLObjectType<NonNullable<CommentJson['author']>, GraphqlContext>(
  {
    name: 'CommentAuthor',
    fields: {
      type: { type: new GraphQLNonNull(GraphQLString), description: '"user" or "apiKey".' },
      id: { type: new GraphQLNonNull(GraphQLID) },
      member: memberField<NonNullable<CommentJson['author']>>((a) =>
        a.type === 'user' ? a.id : null,
      ),
    },
  },
);

const CommentType = new GraphQLObjectType<CommentJson, GraphqlContext>({
  name: 'Comment',
  fields: {
    id: { type: new GraphQLNonNull(GraphQLID) },
    threadId: { type: new GraphQLNonNull(GraphQLID) },
    author: { type: CommentAuthorType },
    body: { type: GraphQLString, description: 'Null once deleted.' },
    mentions: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(GraphQLID))) },
    createdAt: { type: new GraphQLNonNull(GraphQLString) },
    editedAt: { type: GraphQLString },
    deletedAt: { type: GraphQLString },
  },
});

/** A comment thread with its anchor (resolved against the current content) and comments. */
export const CommentThreadType = new GraphQLObjectType<ThreadJson, GraphqlContext>({
  name: 'CommentThread',
  fields: {
    id: { type: new GraphQLNonNull(GraphQLID) },
    documentId: { type: new GraphQLNonNull(GraphQLID) },
    status: { type: new GraphQLNonNull(GraphQLString) },
    anchor: { type: new GraphQLNonNull(JsonScalar) },
    quote: { type: GraphQLString },
    createdAt: { type: new GraphQLNonNull(GraphQLString) },
    resolvedAt: { type: GraphQLString },
    comments: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(CommentType))) },
  },
});

const ThreadStatusEnum = new GraphQLEnumType({
  name: 'ThreadStatus',
  values: { open: { value: 'open' }, resolved: { value: 'resolved' } },
});

const VersionConnection = connectionType('Version', VersionType);
const CommentThreadConnection = connectionType('CommentThread', CommentThreadType);

const versionCursor = (number: number) => Buffer.from(`v${number}`).toString('base64url');

function beforeNumber(after: string | undefined): number | undefined {
  if (after === undefined) return undefined;
  const match = /^v(\d{1,9})$/.exec(Buffer.from(after, 'base64url').toString('utf8'));
  if (!match) throw new AppError('validation_failed', 'after must be a cursor of a previous page');
  return Number(match[1]);
}

/** The workflow of a document as REST presents it (404 for a document of no workflow). */
export async function workflowOf(
  deps: DocumentTypesDeps,
  context: GraphqlContext,
  documentId: string,
): Promise<WorkflowJson> {
  const actor = workflowActorOf(context.principal);
  return presentWorkflow(await readWorkflowView(deps, context.tenantId, documentId, actor));
}

/** The Document type and the `document(id)` query field. */
export function documentQueryFields(
  deps: DocumentTypesDeps,
): GraphQLFieldConfigMap<unknown, GraphqlContext> {
  const DocumentType = new GraphQLObjectType<DocumentRecord, GraphqlContext>({
    name: 'Document',
    fields: {
      id: { type: new GraphQLNonNull(GraphQLID) },
      title: { type: new GraphQLNonNull(GraphQLString) },
      slug: { type: new GraphQLNonNull(GraphQLString) },
      contentType: { type: new GraphQLNonNull(GraphQLString) },
      createdAt: { type: new GraphQLNonNull(GraphQLString), resolve: (d) => iso(d.createdAt) },
      updatedAt: { type: new GraphQLNonNull(GraphQLString), resolve: (d) => iso(d.updatedAt) },
      published: {
        type: PublishedDocumentType,
        description: 'Its published version, if any.',
        resolve: (d, _args, context) => context.loaders.published.load(d.id),
      },
      versions: {
        type: new GraphQLNonNull(VersionConnection),
        description: 'Newest first.',
        args: pageArgs,
        resolve: async (d, args: { first?: number | null; after?: string | null }, context) => {
          const limit = pageSize(args.first);
          const before = beforeNumber(optionalString(args.after));
          const page = await withTenant(deps.dataSource, context.tenantId, (tx) =>
            listVersions(tx, context.tenantId, d.id, {
              limit,
              ...(before === undefined ? {} : { beforeNumber: before }),
            }),
          );
          return {
            items: page.items,
            cursorOf: (v: VersionSummary) => versionCursor(v.number),
            nextCursor: page.nextBefore === null ? null : versionCursor(page.nextBefore),
          };
        },
      },
      workflow: {
        type: new GraphQLNonNull(WorkflowType),
        resolve: (d, _args, context) => workflowOf(deps, context, d.id),
      },
      commentThreads: {
        type: new GraphQLNonNull(CommentThreadConnection),
        description: 'Newest first, each with its comments.',
        args: { ...pageArgs, status: { type: ThreadStatusEnum } },
        resolve: async (
          d,
          args: {
            first?: number | null;
            after?: string | null;
            status?: 'open' | 'resolved' | null;
          },
          context,
        ) => {
          const after = optionalString(args.after);
          const page = await listThreads(deps, {
            tenantId: context.tenantId,
            documentId: d.id,
            limit: pageSize(args.first),
            ...(after ? { after: decodeCursor(after) } : {}),
            ...(args.status ? { status: args.status } : {}),
          });
          const nextCursor = page.hasMore && page.last ? encodeCursor(page.last) : null;
          const lastIndex = page.threads.length - 1;
          return {
            items: page.threads,
            cursorOf: (_t: ThreadJson, i: number) => (i === lastIndex ? nextCursor : null),
            nextCursor,
          };
        },
      },
    },
  });

  return {
    document: {
      type: DocumentType,
      description: 'A document by id (drafts included); needs documents.read.',
      args: { id: { type: new GraphQLNonNull(GraphQLID) } },
      resolve: (_root, args: { id: string }, context) => {
        requireCan(context, 'documents.read');
        if (!isUuid(args.id)) return null;
        return withTenant(deps.dataSource, context.tenantId, (tx) =>
          documentRepository.findById(tx, context.tenantId, args.id.toLowerCase()),
        );
      },
    },
  };
}
