/**
 * Mutations: the same workflow and comment commands REST calls, so every transport takes one
 * path through guards, events and history.
 */
import {
  GraphQLEnumType,
  GraphQLID,
  GraphQLNonNull,
  GraphQLString,
  type GraphQLFieldConfigMap,
} from 'graphql';
import { AppError } from '../../../platform/errors.js';
import { parseInput } from '../../../platform/http/validate.js';
import { commentAuthorOf, createThread, createThreadBody } from '../../comments/index.js';
import { reviewDocument, transitionDocument, workflowActorOf } from '../../workflow/index.js';
import { isUuid, requireCan, type GraphqlContext } from '../graphql.context.js';
import { JsonScalar } from './common.js';
import {
  CommentThreadType,
  WorkflowType,
  workflowOf,
  type DocumentTypesDeps,
} from './document.types.js';

const ReviewDecisionEnum = new GraphQLEnumType({
  name: 'ReviewDecision',
  values: { approved: { value: 'approved' }, changes_requested: { value: 'changes_requested' } },
});

function documentIdOf(raw: string): string {
  if (!isUuid(raw)) throw new AppError('not_found', 'No such document');
  return raw.toLowerCase();
}

function noteOf(note: string | null | undefined): string | null {
  if (note === null || note === undefined) return null;
  if (note.length > 2000)
    throw new AppError('validation_failed', 'note is longer than 2000 characters');
  return note;
}

/** The mutation fields. */
export function mutationFields(
  deps: DocumentTypesDeps,
): GraphQLFieldConfigMap<unknown, GraphqlContext> {
  return {
    transitionDocument: {
      type: new GraphQLNonNull(WorkflowType),
      description: "Takes a workflow transition; the transition's guards decide who may.",
      args: {
        documentId: { type: new GraphQLNonNull(GraphQLID) },
        transition: { type: new GraphQLNonNull(GraphQLString) },
        note: { type: GraphQLString },
      },
      resolve: async (
        _root,
        args: { documentId: string; transition: string; note?: string | null },
        context,
      ) => {
        const principal = requireCan(context, 'documents.read');
        const documentId = documentIdOf(args.documentId);
        await transitionDocument(deps, {
          tenantId: context.tenantId,
          documentId,
          transition: args.transition,
          note: noteOf(args.note),
          actor: workflowActorOf(principal),
        });
        return workflowOf(deps, context, documentId);
      },
    },
    reviewDocument: {
      type: new GraphQLNonNull(WorkflowType),
      description: "Records the member's review of the frozen version (workflow.review).",
      args: {
        documentId: { type: new GraphQLNonNull(GraphQLID) },
        decision: { type: new GraphQLNonNull(ReviewDecisionEnum) },
        note: { type: GraphQLString },
      },
      resolve: async (
        _root,
        args: {
          documentId: string;
          decision: 'approved' | 'changes_requested';
          note?: string | null;
        },
        context,
      ) => {
        const principal = requireCan(context, 'workflow.review');
        if (principal.kind !== 'member') {
          throw new AppError('forbidden', 'Reviews need a member session, not an API key');
        }
        const documentId = documentIdOf(args.documentId);
        await reviewDocument(deps, {
          tenantId: context.tenantId,
          documentId,
          reviewerId: principal.userId,
          decision: args.decision,
          note: noteOf(args.note),
        });
        return workflowOf(deps, context, documentId);
      },
    },
    addComment: {
      type: new GraphQLNonNull(CommentThreadType),
      description: 'Opens a thread on an anchor (as REST takes it) with its first comment.',
      args: {
        documentId: { type: new GraphQLNonNull(GraphQLID) },
        anchor: { type: new GraphQLNonNull(JsonScalar) },
        body: { type: new GraphQLNonNull(GraphQLString) },
      },
      resolve: (_root, args: { documentId: string; anchor: unknown; body: string }, context) => {
        const principal = requireCan(context, 'documents.comment');
        const documentId = documentIdOf(args.documentId);
        const input = parseInput(createThreadBody, { anchor: args.anchor, body: args.body });
        return createThread(deps, {
          tenantId: context.tenantId,
          documentId,
          author: commentAuthorOf(principal),
          anchor: input.anchor,
          body: input.body,
        });
      },
    },
  };
}
