import { createHash } from 'node:crypto';
import type { RenderedContent } from './render-document.js';
import type { RichTextNode } from './rich-text-schema.js';

/**
 * JSON with object keys sorted at every level and undefined members left out, so two equal
 * values always serialise to the same string whatever order their keys were inserted in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const json = JSON.stringify(value);
    return json === undefined ? 'null' : json;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${members.join(',')}}`;
}

/** `sha256:<hex>` of the canonical JSON of `{ fields, body }`: equal content, equal hash. */
export function contentHash(content: RenderedContent): string {
  const json = canonicalJson({ fields: content.fields, body: content.body });
  return `sha256:${createHash('sha256').update(json).digest('hex')}`;
}

/**
 * The text of a rich-text body: the text of each block on its own line ("\n" between blocks),
 * hard breaks as "\n". Images and rules contribute nothing.
 */
export function plainText(body: RichTextNode): string {
  if (body.type === 'text') return body.text ?? '';
  if (body.type === 'hardBreak') return '\n';
  const children = (body.content ?? []).filter(
    (c) => c.type !== 'image' && c.type !== 'horizontalRule',
  );
  const isInlineContainer = children.every((c) => c.type === 'text' || c.type === 'hardBreak');
  return children.map(plainText).join(isInlineContainer ? '' : '\n');
}
