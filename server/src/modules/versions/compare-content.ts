import { isDeepStrictEqual } from 'node:util';
import { diffWords } from 'diff';
import { plainText, type RenderedContent } from '../content/index.js';

/** One difference between two values of the rendered fields, at a path of keys and indexes. */
export type FieldChange =
  | { readonly path: (string | number)[]; readonly change: 'added'; readonly after: unknown }
  | { readonly path: (string | number)[]; readonly change: 'removed'; readonly before: unknown }
  | {
      readonly path: (string | number)[];
      readonly change: 'changed';
      readonly before: unknown;
      readonly after: unknown;
    };

/** A run of the body's plain text: common to both sides, or only in the newer / older one. */
export interface TextChange {
  readonly op: 'equal' | 'insert' | 'delete';
  readonly text: string;
}

/** What changed from one rendered content to another. */
export interface ContentComparison {
  readonly fields: FieldChange[];
  readonly text: TextChange[];
}

/** Field-level differences (recursing into objects and arrays) and a word diff of the body text. */
export function compareContent(from: RenderedContent, to: RenderedContent): ContentComparison {
  return {
    fields: diffValues([], from.fields, to.fields),
    text: diffWords(plainText(from.body), plainText(to.body)).map((part) => ({
      op: part.added ? 'insert' : part.removed ? 'delete' : 'equal',
      text: part.value,
    })),
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Objects compare key by key and arrays index by index (a list edit shows as changes from the
 * first differing index on, which reads fine for the short lists content fields hold).
 */
function diffValues(path: (string | number)[], before: unknown, after: unknown): FieldChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) =>
      diffEntry([...path, key], key in before, before[key], key in after, after[key]),
    );
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) =>
      diffEntry([...path, i], i < before.length, before[i], i < after.length, after[i]),
    ).flat();
  }
  return isDeepStrictEqual(before, after) ? [] : [{ path, change: 'changed', before, after }];
}

function diffEntry(
  path: (string | number)[],
  hasBefore: boolean,
  before: unknown,
  hasAfter: boolean,
  after: unknown,
): FieldChange[] {
  if (!hasBefore) return [{ path, change: 'added', after }];
  if (!hasAfter) return [{ path, change: 'removed', before }];
  return diffValues(path, before, after);
}
