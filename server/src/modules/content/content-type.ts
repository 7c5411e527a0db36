import type { FieldDefinition } from './content-type.schema.js';

/** A content type as the rest of the server sees it, built-in or the tenant's own. */
export interface ContentTypeRecord {
  /** null for a built-in type, which every tenant has without a row. */
  tenantId: string | null;
  key: string;
  name: string;
  description: string | null;
  fields: FieldDefinition[];
  isBuiltIn: boolean;
  /** Starts at 1 and grows by one on every update; the ETag of the type. Built-ins stay at 1. */
  revision: number;
  createdAt: Date | null;
  updatedAt: Date | null;
}

function builtIn(key: string, name: string, description: string, fields: FieldDefinition[]) {
  const record: ContentTypeRecord = {
    tenantId: null,
    key,
    name,
    description,
    fields,
    isBuiltIn: true,
    revision: 1,
    createdAt: null,
    updatedAt: null,
  };
  return Object.freeze(record);
}

/**
 * The types every tenant has. Their title is the document's own title column and their body the
 * document's rich text, so only the extra fields are listed here.
 */
export const BUILT_IN_CONTENT_TYPES: ReadonlyMap<string, Readonly<ContentTypeRecord>> = new Map(
  [
    builtIn('article', 'Article', 'A dated piece of writing with a short summary.', [
      {
        key: 'summary',
        kind: 'text',
        label: 'Summary',
        required: false,
        maxLength: 500,
        description: 'One or two sentences shown in listings.',
      },
    ]),
    builtIn('page', 'Page', 'A standalone page such as "About" or "Contact".', [
      {
        key: 'metaDescription',
        kind: 'text',
        label: 'Meta description',
        required: false,
        maxLength: 300,
        description: 'The description search engines show.',
      },
    ]),
  ].map((t) => [t.key, t]),
);
