/** Published content: what delivery keys (`published.read`) and members read. */
import {
  GraphQLID,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLString,
  type GraphQLFieldConfigMap,
} from 'graphql';
import { AppError } from '../../../platform/errors.js';
import type { PublishedContent, PublishedDocument } from '../../publishing/index.js';
import { requireCan, type GraphqlContext } from '../graphql.context.js';
import {
  connectionType,
  JsonScalar,
  optionalString,
  pageArgs,
  pageSize,
  type Page,
} from './common.js';

/** A document's published version. */
export const PublishedDocumentType = new GraphQLObjectType<PublishedDocument, GraphqlContext>({
  name: 'PublishedDocument',
  fields: {
    id: { type: new GraphQLNonNull(GraphQLID) },
    slug: { type: new GraphQLNonNull(GraphQLString) },
    title: { type: new GraphQLNonNull(GraphQLString) },
    contentType: { type: new GraphQLNonNull(GraphQLString) },
    versionId: { type: new GraphQLNonNull(GraphQLID), resolve: (doc) => doc.version.id },
    versionNumber: { type: new GraphQLNonNull(GraphQLInt), resolve: (doc) => doc.version.number },
    contentHash: {
      type: new GraphQLNonNull(GraphQLString),
      resolve: (doc) => doc.version.contentHash,
    },
    publishedAt: { type: GraphQLString },
    fields: {
      type: new GraphQLNonNull(JsonScalar),
      description: 'The field map; with `keys`, only those fields (absent keys are left out).',
      args: { keys: { type: new GraphQLList(new GraphQLNonNull(GraphQLString)) } },
      resolve: (doc, args: { keys?: string[] | null }) => {
        if (!args.keys) return doc.fields;
        const keys = new Set(args.keys);
        return Object.fromEntries(Object.entries(doc.fields).filter(([key]) => keys.has(key)));
      },
    },
    body: { type: new GraphQLNonNull(JsonScalar), description: 'Rich text as ProseMirror JSON.' },
    html: { type: new GraphQLNonNull(GraphQLString) },
  },
});

const PublishedDocumentConnection = connectionType('PublishedDocument', PublishedDocumentType);

/** The published-content query fields. */
export function publishedQueryFields(
  published: PublishedContent,
): GraphQLFieldConfigMap<unknown, GraphqlContext> {
  return {
    publishedDocument: {
      type: PublishedDocumentType,
      description: 'One published document by id or slug (exactly one); null when not published.',
      args: { id: { type: GraphQLID }, slug: { type: GraphQLString } },
      resolve: (_root, args: { id?: string | null; slug?: string | null }, context) => {
        requireCan(context, 'published.read');
        const id = optionalString(args.id);
        const slug = optionalString(args.slug);
        if ((id === undefined) === (slug === undefined)) {
          throw new AppError('validation_failed', 'Give exactly one of id and slug');
        }
        if (id !== undefined) return context.loaders.published.load(id);
        return published.get(context.tenantId, { slug: slug! });
      },
    },
    publishedDocuments: {
      type: new GraphQLNonNull(PublishedDocumentConnection),
      description: 'Published documents, newest publication first.',
      args: { contentType: { type: GraphQLString }, ...pageArgs },
      resolve: async (
        _root,
        args: { contentType?: string | null; first?: number | null; after?: string | null },
        context,
      ): Promise<Page<PublishedDocument>> => {
        requireCan(context, 'published.read');
        const contentType = optionalString(args.contentType);
        const after = optionalString(args.after);
        const page = await published.list(context.tenantId, {
          limit: pageSize(args.first),
          ...(contentType ? { contentType } : {}),
          ...(after ? { after } : {}),
        });
        for (const doc of page.items) context.loaders.published.prime(doc.id, doc);
        // The publishing keysets are opaque: only the last edge knows where the next page starts.
        const last = page.items.length - 1;
        return {
          items: page.items,
          cursorOf: (_doc, index) => (index === last ? page.nextCursor : null),
          nextCursor: page.nextCursor,
        };
      },
    },
  };
}
