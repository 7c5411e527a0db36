import * as Y from 'yjs';
import { renderDocument } from './render-document.js';

type Run = { insert: string; attributes?: Record<string, unknown> };

/** A Y.XmlText as y-prosemirror's createTypeFromTextNodes writes it: one delta, marks as attributes. */
function text(...runs: Run[]): Y.XmlText {
  const t = new Y.XmlText();
  t.applyDelta(runs);
  return t;
}

/** A Y.XmlElement as y-prosemirror's createTypeFromElementNode writes it. */
function el(
  name: string,
  attrs: Record<string, unknown>,
  ...children: (Y.XmlElement | Y.XmlText)[]
): Y.XmlElement {
  const e = new Y.XmlElement(name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v as string);
  e.insert(0, children);
  return e;
}

function docWithBody(...children: (Y.XmlElement | Y.XmlText)[]): Y.Doc {
  const doc = new Y.Doc();
  doc.getXmlFragment('body').insert(0, children);
  return doc;
}

describe('renderDocument: body', () => {
  it('renders an empty body as a doc without content', () => {
    expect(renderDocument(new Y.Doc())).toEqual({ fields: {}, body: { type: 'doc' } });
  });

  it('renders paragraphs and headings with their attributes', () => {
    const doc = docWithBody(
      el('heading', { level: 2 }, text({ insert: 'Title' })),
      el('paragraph', {}, text({ insert: 'Hello' })),
      el('paragraph', {}),
    );
    expect(renderDocument(doc).body).toEqual({
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Title' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Hello' }] },
        { type: 'paragraph' },
      ],
    });
  });

  it('turns formatting attributes into sorted marks, with y-prosemirror values ({}) and true', () => {
    const doc = docWithBody(
      el(
        'paragraph',
        {},
        text(
          { insert: 'plain ' },
          { insert: 'both', attributes: { italic: {}, bold: {} } },
          { insert: ' strong', attributes: { bold: true } },
          {
            insert: ' link',
            attributes: {
              link: { href: 'https://example.com', target: '_blank', class: null },
            },
          },
        ),
      ),
    );
    expect(renderDocument(doc).body.content![0]).toEqual({
      type: 'paragraph',
      content: [
        { type: 'text', text: 'plain ' },
        { type: 'text', text: 'both', marks: [{ type: 'bold' }, { type: 'italic' }] },
        { type: 'text', text: ' strong', marks: [{ type: 'bold' }] },
        {
          type: 'text',
          text: ' link',
          marks: [{ type: 'link', attrs: { href: 'https://example.com', target: '_blank' } }],
        },
      ],
    });
  });

  it('strips the hash y-prosemirror appends to self-overlapping marks and ignores ychange', () => {
    const doc = docWithBody(
      el(
        'paragraph',
        { ychange: { type: 'added' } },
        text({ insert: 'x', attributes: { 'comment--AbCd12+=': { id: 'c1' }, ychange: {} } }),
      ),
    );
    expect(renderDocument(doc).body.content![0]).toEqual({
      type: 'paragraph',
      content: [{ type: 'text', text: 'x', marks: [{ type: 'comment', attrs: { id: 'c1' } }] }],
    });
  });

  it('renders nested lists, hard breaks, images and code blocks', () => {
    const doc = docWithBody(
      el(
        'bulletList',
        {},
        el(
          'listItem',
          {},
          el('paragraph', {}, text({ insert: 'one' })),
          el(
            'orderedList',
            { start: 3 },
            el('listItem', {}, el('paragraph', {}, text({ insert: 'nested' }))),
          ),
        ),
      ),
      el('paragraph', {}, text({ insert: 'a' }), el('hardBreak', {}), text({ insert: 'b' })),
      el('image', { src: 'https://cdn.example/x.png', alt: 'X', title: null }),
      el('codeBlock', { language: 'ts' }, text({ insert: 'let x = 1;' })),
      el('horizontalRule', {}),
    );
    expect(renderDocument(doc).body.content).toEqual([
      {
        type: 'bulletList',
        content: [
          {
            type: 'listItem',
            content: [
              { type: 'paragraph', content: [{ type: 'text', text: 'one' }] },
              {
                type: 'orderedList',
                attrs: { start: 3 },
                content: [
                  {
                    type: 'listItem',
                    content: [{ type: 'paragraph', content: [{ type: 'text', text: 'nested' }] }],
                  },
                ],
              },
            ],
          },
        ],
      },
      {
        type: 'paragraph',
        content: [{ type: 'text', text: 'a' }, { type: 'hardBreak' }, { type: 'text', text: 'b' }],
      },
      { type: 'image', attrs: { alt: 'X', src: 'https://cdn.example/x.png' } },
      {
        type: 'codeBlock',
        attrs: { language: 'ts' },
        content: [{ type: 'text', text: 'let x = 1;' }],
      },
      { type: 'horizontalRule' },
    ]);
  });

  it('reflects later edits: formatting applied after insertion and deleted text', () => {
    const doc = docWithBody(el('paragraph', {}, text({ insert: 'Hello world' })));
    const t = (doc.getXmlFragment('body').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    t.format(6, 5, { bold: {} });
    t.delete(0, 1);
    expect(renderDocument(doc).body.content![0]!.content).toEqual([
      { type: 'text', text: 'ello ' },
      { type: 'text', text: 'world', marks: [{ type: 'bold' }] },
    ]);
  });
});

describe('renderDocument: fields', () => {
  it('renders primitives and shared types as plain JSON with sorted keys', () => {
    const doc = new Y.Doc();
    const fields = doc.getMap<unknown>('fields');
    const summary = new Y.Text();
    const tags = new Y.Array<string>();
    const seo = new Y.Map<unknown>();
    const rich = new Y.XmlFragment();
    doc.transact(() => {
      fields.set('views', 3);
      fields.set('summary', summary);
      fields.set('tags', tags);
      fields.set('seo', seo);
      fields.set('published', false);
      fields.set('rich', rich);
      fields.set('plain', { z: 1, a: [1, { y: 2, b: 3 }] });
      fields.set('styled', text({ insert: 'a ' }, { insert: 'b', attributes: { bold: {} } }));
      summary.insert(0, 'Short');
      tags.push(['a', 'b']);
      seo.set('title', 'T');
      seo.set('noindex', true);
      rich.insert(0, [el('paragraph', {}, text({ insert: 'R' }))]);
    });
    const { fields: out } = renderDocument(doc);
    expect(Object.keys(out)).toEqual([
      'plain',
      'published',
      'rich',
      'seo',
      'styled',
      'summary',
      'tags',
      'views',
    ]);
    expect(out).toEqual({
      plain: { a: [1, { b: 3, y: 2 }], z: 1 },
      published: false,
      rich: {
        type: 'doc',
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'R' }] }],
      },
      seo: { noindex: true, title: 'T' },
      styled: 'a b',
      summary: 'Short',
      tags: ['a', 'b'],
      views: 3,
    });
    expect(Object.keys(out.seo as object)).toEqual(['noindex', 'title']);
    expect(Object.keys(out.plain as object)).toEqual(['a', 'z']);
  });
});
