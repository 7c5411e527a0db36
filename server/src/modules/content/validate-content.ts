import { AppError } from '../../platform/errors.js';
import type { FieldDefinition, ItemDefinition } from './content-type.schema.js';
import type { ContentTypeRecord } from './content-type.js';
import type { RenderedContent } from './render-document.js';
import { checkRichText, isEmptyRichText } from './rich-text-check.js';

/** One way content fails its type; `path` starts at `fields` or `body`. */
export interface ContentIssue {
  path: string[];
  code: ContentIssueCode;
  message: string;
}

/** The stable codes of content issues. */
export type ContentIssueCode =
  | 'required'
  | 'invalid_type'
  | 'too_short'
  | 'too_long'
  | 'too_small'
  | 'too_big'
  | 'not_integer'
  | 'invalid_date'
  | 'invalid_reference'
  | 'invalid_media'
  | 'too_few_items'
  | 'too_many_items'
  | 'unknown_node'
  | 'unknown_mark'
  | 'unknown_content_type';

/**
 * Every way `content` fails `type` (empty when valid): each field against its definition, and
 * the body and rich-text fields against the rich-text schema. Fields the type does not define are
 * left alone, so removing a field from a type never invalidates existing documents.
 */
export function validateContent(type: ContentTypeRecord, content: RenderedContent): ContentIssue[] {
  const issues: ContentIssue[] = checkRichText(content.body, ['body']);
  for (const field of type.fields) {
    const path = ['fields', field.key];
    const value = content.fields[field.key];
    if (isMissing(field, value)) {
      if (field.required)
        issues.push({ path, code: 'required', message: `${field.label} is required` });
      continue;
    }
    if (field.kind === 'list') issues.push(...checkList(field, value, path));
    else issues.push(...checkValue(field, value, path));
  }
  return issues;
}

/** Throws `content_invalid` (422) listing the issues when `content` fails `type`. */
export function assertValidContent(type: ContentTypeRecord, content: RenderedContent): void {
  const issues = validateContent(type, content);
  if (issues.length > 0)
    throw new AppError('content_invalid', `The content does not satisfy content type ${type.key}`, {
      details: issues,
    });
}

/** Absent, null, an empty string, an empty list or empty rich text all count as missing. */
function isMissing(field: FieldDefinition, value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (field.kind === 'text' && value === '') return true;
  if (field.kind === 'list' && Array.isArray(value) && value.length === 0) return true;
  return field.kind === 'richText' && isEmptyRichText(value);
}

function checkList(
  field: Extract<FieldDefinition, { kind: 'list' }>,
  value: unknown,
  path: string[],
): ContentIssue[] {
  if (!Array.isArray(value)) return [invalidType(path, 'a list')];
  const issues: ContentIssue[] = [];
  if (field.minItems !== undefined && value.length < field.minItems)
    issues.push({ path, code: 'too_few_items', message: `at least ${field.minItems} items` });
  if (field.maxItems !== undefined && value.length > field.maxItems)
    issues.push({ path, code: 'too_many_items', message: `at most ${field.maxItems} items` });
  value.forEach((item, index) =>
    issues.push(...checkValue(field.item, item, [...path, String(index)])),
  );
  return issues;
}

function invalidType(path: string[], expected: string): ContentIssue {
  return { path, code: 'invalid_type', message: `expected ${expected}` };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

/** An ISO 8601 calendar date (2026-12-02) or date-time with an offset, on a real day. */
export function isIsoDate(value: string): boolean {
  const match = DATE.exec(value) ?? DATE_TIME.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

function checkValue(def: ItemDefinition, value: unknown, path: string[]): ContentIssue[] {
  switch (def.kind) {
    case 'text': {
      if (typeof value !== 'string') return [invalidType(path, 'text')];
      const length = [...value].length;
      if (def.minLength !== undefined && length < def.minLength)
        return [{ path, code: 'too_short', message: `at least ${def.minLength} characters` }];
      if (def.maxLength !== undefined && length > def.maxLength)
        return [{ path, code: 'too_long', message: `at most ${def.maxLength} characters` }];
      return [];
    }
    case 'richText':
      if (
        typeof value !== 'object' ||
        value === null ||
        (value as { type?: unknown }).type !== 'doc'
      )
        return [invalidType(path, 'a rich-text document')];
      return checkRichText(value as { type: string }, path);
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value))
        return [invalidType(path, 'a number')];
      if (def.integer && !Number.isInteger(value))
        return [{ path, code: 'not_integer', message: 'expected a whole number' }];
      if (def.min !== undefined && value < def.min)
        return [{ path, code: 'too_small', message: `at least ${def.min}` }];
      if (def.max !== undefined && value > def.max)
        return [{ path, code: 'too_big', message: `at most ${def.max}` }];
      return [];
    }
    case 'boolean':
      return typeof value === 'boolean' ? [] : [invalidType(path, 'true or false')];
    case 'date':
      if (typeof value !== 'string') return [invalidType(path, 'an ISO 8601 date')];
      return isIsoDate(value)
        ? []
        : [{ path, code: 'invalid_date', message: 'expected an ISO 8601 date or date-time' }];
    case 'reference':
      return typeof value === 'string' && UUID.test(value)
        ? []
        : [{ path, code: 'invalid_reference', message: 'expected a document id' }];
    case 'media':
      return isMedia(value)
        ? []
        : [{ path, code: 'invalid_media', message: 'expected { key or url, alt?, mimeType? }' }];
    default: {
      const unreachable: never = def;
      return unreachable;
    }
  }
}

/** `{ key }` (stored media) or `{ url }` (http or https), with an optional alt text and MIME type. */
function isMedia(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const media = value as Record<string, unknown>;
  const hasKey = typeof media.key === 'string' && media.key.length > 0;
  const hasUrl = typeof media.url === 'string' && /^https?:\/\/\S+$/i.test(media.url);
  if (hasKey === hasUrl) return false;
  if (media.alt !== undefined && typeof media.alt !== 'string') return false;
  return (
    media.mimeType === undefined ||
    (typeof media.mimeType === 'string' && MIME.test(media.mimeType))
  );
}
