import { compareContent } from './compare-content.js';

const body = (...paragraphs: string[]) => ({
  type: 'doc' as const,
  content: paragraphs.map((text) => ({
    type: 'paragraph',
    content: [{ type: 'text', text }],
  })),
});

describe('compareContent', () => {
  it('lists added, removed and changed fields, recursing into objects and arrays', () => {
    const result = compareContent(
      {
        fields: { title: 'Old', gone: true, meta: { author: 'ann', tags: ['a', 'b'] }, same: 1 },
        body: body('x'),
      },
      {
        fields: { title: 'New', meta: { author: 'ann', tags: ['a', 'c', 'd'] }, same: 1, more: 2 },
        body: body('x'),
      },
    );
    expect(result.fields).toEqual([
      { path: ['gone'], change: 'removed', before: true },
      { path: ['meta', 'tags', 1], change: 'changed', before: 'b', after: 'c' },
      { path: ['meta', 'tags', 2], change: 'added', after: 'd' },
      { path: ['more'], change: 'added', after: 2 },
      { path: ['title'], change: 'changed', before: 'Old', after: 'New' },
    ]);
  });

  it('diffs the body as plain text, word by word', () => {
    const result = compareContent(
      { fields: {}, body: body('The quick brown fox') },
      { fields: {}, body: body('The slow brown fox') },
    );
    expect(result.fields).toEqual([]);
    expect(result.text.filter((p) => p.op !== 'equal')).toEqual([
      { op: 'delete', text: 'quick' },
      { op: 'insert', text: 'slow' },
    ]);
    expect(
      result.text
        .filter((p) => p.op !== 'insert')
        .map((p) => p.text)
        .join(''),
    ).toContain('The quick brown fox');
  });

  it('reports a type change as one change, not a recursion', () => {
    expect(
      compareContent(
        { fields: { x: [1] }, body: body() },
        { fields: { x: { 0: 1 } }, body: body() },
      ).fields,
    ).toEqual([{ path: ['x'], change: 'changed', before: [1], after: { 0: 1 } }]);
  });
});
