/**
 * The one rich-text schema shared by the server, the admin UI (Tiptap StarterKit names) and the
 * SDK, as plain data. Deliberately free of imports — no Node built-ins, no ProseMirror — so any
 * environment can load it; the admin UI builds its Tiptap extensions to match these names.
 */

/** A ProseMirror mark in JSON form. */
export interface RichTextMark {
  type: string;
  attrs?: Record<string, unknown>;
}

/** A ProseMirror node in JSON form (text nodes carry `text` and `marks`). */
export interface RichTextNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: RichTextNode[];
  text?: string;
  marks?: RichTextMark[];
}

/** A whole ProseMirror document in JSON form; `content` is omitted when the document is empty. */
export interface RichTextJson extends RichTextNode {
  type: 'doc';
}

/** How a node or mark attribute is described: its JSON kind and its default. */
export interface AttrSpec {
  readonly kind: 'string' | 'integer';
  readonly default: string | number | null;
  readonly min?: number;
  readonly max?: number;
}

/** The group a node belongs to; `content` lists the groups or node types a node may contain. */
export type NodeGroup = 'block' | 'inline';

/** One node type of the schema. */
export interface NodeSpec {
  /** null for nodes that only appear in a fixed place (the doc, list items). */
  readonly group: NodeGroup | null;
  /** Node types or groups allowed as children; empty for leaf nodes. */
  readonly content: readonly string[];
  /** Whether text directly inside may carry marks (a code block's may not). */
  readonly marks: boolean;
  readonly attrs: Readonly<Record<string, AttrSpec>>;
}

/** One mark type of the schema. */
export interface MarkSpec {
  readonly attrs: Readonly<Record<string, AttrSpec>>;
}

const none = {} as const;

/** The node types, Tiptap StarterKit naming; images are block nodes, as in Tiptap's default. */
export const RICH_TEXT_NODES = {
  doc: { group: null, content: ['block'], marks: false, attrs: none },
  paragraph: { group: 'block', content: ['inline'], marks: true, attrs: none },
  heading: {
    group: 'block',
    content: ['inline'],
    marks: true,
    attrs: { level: { kind: 'integer', default: 1, min: 1, max: 6 } },
  },
  blockquote: { group: 'block', content: ['block'], marks: false, attrs: none },
  bulletList: { group: 'block', content: ['listItem'], marks: false, attrs: none },
  orderedList: {
    group: 'block',
    content: ['listItem'],
    marks: false,
    attrs: { start: { kind: 'integer', default: 1, min: 0 } },
  },
  listItem: { group: null, content: ['block'], marks: false, attrs: none },
  codeBlock: {
    group: 'block',
    content: ['text'],
    marks: false,
    attrs: { language: { kind: 'string', default: null } },
  },
  horizontalRule: { group: 'block', content: [], marks: false, attrs: none },
  image: {
    group: 'block',
    content: [],
    marks: false,
    attrs: {
      src: { kind: 'string', default: null },
      alt: { kind: 'string', default: null },
      title: { kind: 'string', default: null },
    },
  },
  hardBreak: { group: 'inline', content: [], marks: false, attrs: none },
  text: { group: 'inline', content: [], marks: false, attrs: none },
} as const satisfies Record<string, NodeSpec>;

/** The mark types, Tiptap StarterKit naming (plus underline and link). */
export const RICH_TEXT_MARKS = {
  bold: { attrs: none },
  italic: { attrs: none },
  strike: { attrs: none },
  code: { attrs: none },
  underline: { attrs: none },
  link: {
    attrs: { href: { kind: 'string', default: null }, target: { kind: 'string', default: null } },
  },
} as const satisfies Record<string, MarkSpec>;

/** A node type name of the schema. */
export type RichTextNodeType = keyof typeof RICH_TEXT_NODES;
/** A mark type name of the schema. */
export type RichTextMarkType = keyof typeof RICH_TEXT_MARKS;

/** The whole schema in one value, for clients that want to build an editor from it. */
export const richTextSchema = {
  topNode: 'doc',
  nodes: RICH_TEXT_NODES,
  marks: RICH_TEXT_MARKS,
} as const;

/** Whether `type` names a node type of the schema. */
export function isRichTextNodeType(type: string): type is RichTextNodeType {
  return Object.prototype.hasOwnProperty.call(RICH_TEXT_NODES, type);
}

/** Whether `type` names a mark type of the schema. */
export function isRichTextMarkType(type: string): type is RichTextMarkType {
  return Object.prototype.hasOwnProperty.call(RICH_TEXT_MARKS, type);
}

/** Whether a node of type `child` may appear directly inside a node of type `parent`. */
export function mayContain(parent: RichTextNodeType, child: RichTextNodeType): boolean {
  const allowed: readonly string[] = RICH_TEXT_NODES[parent].content;
  const childGroup: string | null = RICH_TEXT_NODES[child].group;
  return allowed.includes(child) || (childGroup !== null && allowed.includes(childGroup));
}
