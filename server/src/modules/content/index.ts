import type { DataSource, EntitySchema } from 'typeorm';
import type { FolioModule } from '../../platform/http/folio-module.js';
import type { DocumentContent } from '../collab/index.js';
import { contentTypesRoutes } from './content-types.routes.js';
import { documentContentRoutes } from './document-content.routes.js';

export { renderDocument, renderFragment, type RenderedContent } from './render-document.js';
export { renderHtml, escapeHtml, safeUrl } from './render-html.js';
export { contentHash, canonicalJson, plainText } from './content-hash.js';
export {
  richTextSchema,
  RICH_TEXT_NODES,
  RICH_TEXT_MARKS,
  isRichTextNodeType,
  isRichTextMarkType,
  mayContain,
  type RichTextJson,
  type RichTextNode,
  type RichTextMark,
  type RichTextNodeType,
  type RichTextMarkType,
} from './rich-text-schema.js';
export {
  validateContent,
  assertValidContent,
  type ContentIssue,
  type ContentIssueCode,
} from './validate-content.js';
export { findContentType, listContentTypes } from './content-types.js';
export { BUILT_IN_CONTENT_TYPES, type ContentTypeRecord } from './content-type.js';
export { fieldDefinition, type FieldDefinition } from './content-type.schema.js';
export { readDocumentContent, type DocumentContentView } from './read-document-content.js';

/** The TypeORM entity schemas this module owns: none, its one table is reached through SQL. */
export const contentEntities: EntitySchema[] = [];

/** What the content module is built from (a structural subset of the app's FeatureDeps). */
export interface ContentModuleDeps {
  readonly dataSource: DataSource;
  readonly content: Pick<DocumentContent, 'read'>;
}

/** Content types (`/content-types`) and a document's rendered content (`/documents/:id/content`). */
export function createContentModule(deps: ContentModuleDeps): FolioModule {
  return {
    name: 'content',
    routes: [
      { path: '/content-types', router: contentTypesRoutes(deps) },
      { path: '/documents/:documentId/content', router: documentContentRoutes(deps) },
    ],
  };
}
export { contentRouteDocs } from './content.openapi.js';
