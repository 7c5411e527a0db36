import { AppError } from '../../platform/errors.js';
import { fieldList, type FieldDefinition } from './content-type.schema.js';
import { BUILT_IN_CONTENT_TYPES, type ContentTypeRecord } from './content-type.js';
import type { RenderedContent } from './render-document.js';
import { assertValidContent, isIsoDate, validateContent } from './validate-content.js';

function typeOf(fields: FieldDefinition[]): ContentTypeRecord {
  return {
    tenantId: 't',
    key: 'thing',
    name: 'Thing',
    description: null,
    fields: fieldList.parse(fields),
    isBuiltIn: false,
    revision: 1,
    createdAt: null,
    updatedAt: null,
  };
}

const content = (fields: Record<string, unknown>): RenderedContent => ({
  fields,
  body: { type: 'doc' },
});
const codes = (type: ContentTypeRecord, fields: Record<string, unknown>) =>
  validateContent(type, content(fields)).map((i) => `${i.path.join('.')}:${i.code}`);

const DOC_ID = '0e6f1a52-3b7c-4d8e-9f00-112233445566';

describe('validateContent', () => {
  it('accepts the built-in article with or without a summary', () => {
    const article = BUILT_IN_CONTENT_TYPES.get('article')!;
    expect(validateContent(article, content({}))).toEqual([]);
    expect(validateContent(article, content({ summary: 'Short' }))).toEqual([]);
    expect(codes(article, { summary: 'x'.repeat(501) })).toEqual(['fields.summary:too_long']);
  });

  it('reports required fields that are missing, null or empty', () => {
    const type = typeOf([
      { key: 'title', kind: 'text', label: 'Title', required: true },
      { key: 'intro', kind: 'richText', label: 'Intro', required: true },
      { key: 'tags', kind: 'list', label: 'Tags', required: true, item: { kind: 'text' } },
      { key: 'views', kind: 'number', label: 'Views', required: true },
      { key: 'optional', kind: 'number', label: 'Optional', required: false },
    ]);
    expect(codes(type, {})).toEqual([
      'fields.title:required',
      'fields.intro:required',
      'fields.tags:required',
      'fields.views:required',
    ]);
    expect(
      codes(type, {
        title: '',
        intro: {
          type: 'doc',
          content: [{ type: 'paragraph', content: [{ type: 'text', text: ' ' }] }],
        },
        tags: [],
        views: null,
      }),
    ).toHaveLength(4);
    expect(
      codes(type, {
        title: 'T',
        intro: {
          type: 'doc',
          content: [{ type: 'paragraph', content: [{ type: 'text', text: 'I' }] }],
        },
        tags: ['a'],
        views: 0,
      }),
    ).toEqual([]);
  });

  it('checks text lengths in characters, numbers against bounds and integers', () => {
    const type = typeOf([
      { key: 's', kind: 'text', label: 'S', required: false, minLength: 2, maxLength: 3 },
      { key: 'n', kind: 'number', label: 'N', required: false, min: 1, max: 10, integer: true },
    ]);
    expect(codes(type, { s: 'ab', n: 5 })).toEqual([]);
    expect(codes(type, { s: '😀😀', n: 10 })).toEqual([]);
    expect(codes(type, { s: 'a', n: 0 })).toEqual(['fields.s:too_short', 'fields.n:too_small']);
    expect(codes(type, { s: 'abcd', n: 11 })).toEqual(['fields.s:too_long', 'fields.n:too_big']);
    expect(codes(type, { s: 1, n: 1.5 })).toEqual([
      'fields.s:invalid_type',
      'fields.n:not_integer',
    ]);
    expect(codes(type, { n: Number.NaN })).toEqual(['fields.n:invalid_type']);
  });

  it('checks booleans, dates, references and media', () => {
    const type = typeOf([
      { key: 'b', kind: 'boolean', label: 'B', required: false },
      { key: 'd', kind: 'date', label: 'D', required: false },
      { key: 'r', kind: 'reference', label: 'R', required: false, contentType: 'page' },
      { key: 'm', kind: 'media', label: 'M', required: false },
    ]);
    expect(
      codes(type, { b: false, d: '2026-12-02', r: DOC_ID, m: { key: 'img/1.png', alt: 'A' } }),
    ).toEqual([]);
    expect(
      codes(type, {
        d: '2026-12-02T07:50:00.123+01:00',
        m: { url: 'https://x.y/a.png', mimeType: 'image/png' },
      }),
    ).toEqual([]);
    expect(codes(type, { b: 'yes', d: '2026-02-30', r: 'abc', m: { alt: 'A' } })).toEqual([
      'fields.b:invalid_type',
      'fields.d:invalid_date',
      'fields.r:invalid_reference',
      'fields.m:invalid_media',
    ]);
    expect(codes(type, { m: { key: 'a', url: 'https://x.y' } })).toEqual([
      'fields.m:invalid_media',
    ]);
    expect(codes(type, { m: { url: 'javascript:alert(1)' } })).toEqual(['fields.m:invalid_media']);
    expect(codes(type, { m: { key: 'a', mimeType: 'not a type' } })).toEqual([
      'fields.m:invalid_media',
    ]);
  });

  it('checks list bounds and every item with its index in the path', () => {
    const type = typeOf([
      {
        key: 'scores',
        kind: 'list',
        label: 'Scores',
        required: false,
        minItems: 2,
        maxItems: 3,
        item: { kind: 'number', min: 0 },
      },
    ]);
    expect(codes(type, { scores: [1, 2] })).toEqual([]);
    expect(codes(type, { scores: [1] })).toEqual(['fields.scores:too_few_items']);
    expect(codes(type, { scores: [1, 2, 3, 4] })).toEqual(['fields.scores:too_many_items']);
    expect(codes(type, { scores: [1, -1, 'x'] })).toEqual([
      'fields.scores.1:too_small',
      'fields.scores.2:invalid_type',
    ]);
    expect(codes(type, { scores: 'x' })).toEqual(['fields.scores:invalid_type']);
  });

  it('reports unknown node and mark types in the body and rich-text fields', () => {
    const type = typeOf([{ key: 'intro', kind: 'richText', label: 'Intro', required: false }]);
    const issues = validateContent(type, {
      fields: { intro: { type: 'doc', content: [{ type: 'script' }] } },
      body: {
        type: 'doc',
        content: [
          { type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'blink' }] }] },
        ],
      },
    });
    expect(issues.map((i) => `${i.path.join('.')}:${i.code}`)).toEqual([
      'body.content.0.content.0.marks.0:unknown_mark',
      'fields.intro.content.0:unknown_node',
    ]);
    expect(codes(type, { intro: 'plain' })).toEqual(['fields.intro:invalid_type']);
  });

  it('ignores fields the type does not define', () => {
    expect(codes(typeOf([]), { leftover: 1 })).toEqual([]);
  });
});

describe('assertValidContent', () => {
  it('throws content_invalid with the issues as details', () => {
    const type = typeOf([{ key: 'title', kind: 'text', label: 'Title', required: true }]);
    expect(() => assertValidContent(type, content({ title: 'ok' }))).not.toThrow();
    try {
      assertValidContent(type, content({}));
      throw new Error('expected a throw');
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({
        code: 'content_invalid',
        message: 'The content does not satisfy content type thing',
        details: [{ path: ['fields', 'title'], code: 'required', message: 'Title is required' }],
      });
    }
  });
});

describe('isIsoDate', () => {
  it('accepts dates and date-times with an offset, on real days only', () => {
    for (const ok of [
      '2024-02-29',
      '2026-12-02T07:50Z',
      '2026-12-02T07:50:01Z',
      '2026-12-02T23:59:59.5-05:30',
    ])
      expect(isIsoDate(ok)).toBe(true);
    for (const bad of [
      '2023-02-29',
      '2026-13-01',
      '2026-12-02T24:00Z',
      '2026-12-02T07:50',
      '02/12/2026',
      '',
    ])
      expect(isIsoDate(bad)).toBe(false);
  });
});

describe('field definitions', () => {
  it('refuses duplicate keys, bad keys, inverted bounds and nested lists', () => {
    const bad: unknown[] = [
      [
        { key: 'a', kind: 'text', label: 'A' },
        { key: 'a', kind: 'number', label: 'A again' },
      ],
      [{ key: '1a', kind: 'text', label: 'A' }],
      [{ key: 'a', kind: 'text', label: 'A', minLength: 5, maxLength: 2 }],
      [{ key: 'a', kind: 'number', label: 'A', min: 5, max: 2 }],
      [{ key: 'a', kind: 'list', label: 'A', item: { kind: 'list', item: { kind: 'text' } } }],
      [{ key: 'a', kind: 'colour', label: 'A' }],
      [{ key: 'a', kind: 'text', label: 'A', onclick: 'x' }],
    ];
    for (const fields of bad) expect(fieldList.safeParse(fields).success).toBe(false);
  });

  it('defaults required to false', () => {
    expect(fieldList.parse([{ key: 'a', kind: 'boolean', label: 'A' }])).toEqual([
      { key: 'a', kind: 'boolean', label: 'A', required: false },
    ]);
  });
});
