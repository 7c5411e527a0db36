import * as Y from 'yjs';
import type { RichTextJson, RichTextMark, RichTextNode } from './rich-text-schema.js';

/** A document's content as plain JSON: its structured fields and its rich-text body. */
export interface RenderedContent {
  fields: Record<string, unknown>;
  body: RichTextJson;
}

/**
 * y-prosemirror stores a mark that may overlap itself under `<name>--<8-char hash>` so that two
 * such marks can coexist on one span; the mark type is the part before the suffix.
 */
const HASHED_MARK_NAME = /^(.*)--[a-zA-Z0-9+/=]{8}$/;

/**
 * Renders a document's Yjs state as JSON: `fields` from the `fields` map, `body` from the `body`
 * fragment in y-prosemirror layout. Deterministic — keys and marks sorted — so equal content
 * renders (and hashes) equal whatever the order of edits.
 */
export function renderDocument(doc: Y.Doc): RenderedContent {
  const fields = doc.getMap<unknown>('fields');
  const out: Record<string, unknown> = {};
  for (const key of [...fields.keys()].sort()) {
    const value = renderValue(fields.get(key));
    if (value !== undefined) out[key] = value;
  }
  return { fields: out, body: renderFragment(doc.getXmlFragment('body')) };
}

/** A Yjs fragment as a ProseMirror doc; an empty one is `{ type: 'doc' }` (ProseMirror's toJSON). */
export function renderFragment(fragment: Y.XmlFragment): RichTextJson {
  const content = renderChildren(fragment);
  return content.length > 0 ? { type: 'doc', content } : { type: 'doc' };
}

/** A field value as JSON; shared types become their plain equivalents. */
function renderValue(value: unknown): unknown {
  // XmlText extends Text and XmlElement extends XmlFragment: the more specific checks go first.
  // XmlText's toString() writes its formatting as XML tags; a field wants the bare text.
  if (value instanceof Y.XmlText)
    return renderText(value)
      .map((n) => n.text)
      .join('');
  if (value instanceof Y.Text) return value.toJSON();
  if (value instanceof Y.XmlElement) return renderElement(value as Y.XmlElement);
  if (value instanceof Y.XmlFragment) return renderFragment(value);
  if (value instanceof Y.Map) return renderObject(Object.fromEntries(value.entries()));
  if (value instanceof Y.Array) return value.toArray().map((v) => renderValue(v) ?? null);
  if (value instanceof Uint8Array) return Array.from(value);
  if (Array.isArray(value)) return value.map((v) => renderValue(v) ?? null);
  if (value !== null && typeof value === 'object')
    return renderObject(value as Record<string, unknown>);
  return value;
}

function renderObject(entries: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(entries).sort()) {
    const value = renderValue(entries[key]);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function renderChildren(parent: Y.XmlFragment): RichTextNode[] {
  const nodes: RichTextNode[] = [];
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlText) nodes.push(...renderText(child));
    else if (child instanceof Y.XmlElement) nodes.push(renderElement(child));
  }
  return nodes;
}

function renderElement(element: Y.XmlElement): RichTextNode {
  const node: RichTextNode = { type: element.nodeName };
  const attrs = cleanAttrs(element.getAttributes());
  if (attrs) node.attrs = attrs;
  const content = renderChildren(element);
  if (content.length > 0) node.content = content;
  return node;
}

/** Text nodes from a Y.XmlText's delta; each run's formatting attributes are its marks. */
function renderText(text: Y.XmlText): RichTextNode[] {
  const nodes: RichTextNode[] = [];
  for (const op of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    if (typeof op.insert !== 'string' || op.insert.length === 0) continue;
    const node: RichTextNode = { type: 'text', text: op.insert };
    const marks = toMarks(op.attributes ?? {});
    if (marks.length > 0) node.marks = marks;
    nodes.push(node);
  }
  return nodes;
}

/**
 * Formatting attributes → marks. y-prosemirror writes `mark.attrs` as the value (`{}` for bold);
 * `true` is accepted too for content written by hand. `ychange` is y-prosemirror's own
 * change-tracking attribute, not a mark.
 */
function toMarks(attributes: Record<string, unknown>): RichTextMark[] {
  const marks: RichTextMark[] = [];
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    const type = HASHED_MARK_NAME.exec(name)?.[1] ?? name;
    if (type === 'ychange') continue;
    const mark: RichTextMark = { type };
    const attrs =
      typeof value === 'object' && !Array.isArray(value)
        ? cleanAttrs(value as Record<string, unknown>)
        : undefined;
    if (attrs) mark.attrs = attrs;
    marks.push(mark);
  }
  return marks.sort(compareMarks);
}

function compareMarks(a: RichTextMark, b: RichTextMark): number {
  if (a.type !== b.type) return a.type < b.type ? -1 : 1;
  const x = JSON.stringify(a.attrs ?? {});
  const y = JSON.stringify(b.attrs ?? {});
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Attributes with null ones dropped (y-prosemirror never stores nulls) and keys sorted. */
function cleanAttrs(attrs: Record<string, unknown>): Record<string, unknown> | undefined {
  const keys = Object.keys(attrs)
    .filter((k) => k !== 'ychange' && attrs[k] !== null && attrs[k] !== undefined)
    .sort();
  if (keys.length === 0) return undefined;
  return Object.fromEntries(keys.map((k) => [k, renderValue(attrs[k])]));
}
