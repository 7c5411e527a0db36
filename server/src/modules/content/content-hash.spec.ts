import * as Y from 'yjs';
import { canonicalJson, contentHash, plainText } from './content-hash.js';
import { renderDocument } from './render-document.js';
import type { RichTextJson } from './rich-text-schema.js';

function paragraph(text: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  const t = new Y.XmlText();
  t.insert(0, text);
  p.insert(0, [t]);
  return p;
}

describe('canonicalJson', () => {
  it('sorts keys at every level and leaves out undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[{"y":2,"z":1}]},"b":1}',
    );
  });
});

describe('contentHash', () => {
  it('is sha256 hex', () => {
    expect(contentHash({ fields: {}, body: { type: 'doc' } })).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('is the same for the same content whatever the map insertion order', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getMap('fields').set('summary', 'S');
    a.getMap('fields').set('views', 1);
    b.getMap('fields').set('views', 1);
    b.getMap('fields').set('summary', 'S');
    a.getXmlFragment('body').insert(0, [paragraph('Hello')]);
    b.getXmlFragment('body').insert(0, [paragraph('Hello')]);
    expect(contentHash(renderDocument(a))).toBe(contentHash(renderDocument(b)));
    expect(contentHash({ fields: { x: 1, y: 2 }, body: { type: 'doc' } })).toBe(
      contentHash({ fields: { y: 2, x: 1 }, body: { type: 'doc' } }),
    );
  });

  it('differs when fields or body differ', () => {
    const base = { fields: { summary: 'S' }, body: { type: 'doc' } as RichTextJson };
    const hashes = new Set([
      contentHash(base),
      contentHash({ ...base, fields: { summary: 'T' } }),
      contentHash({ ...base, fields: {} }),
      contentHash({ ...base, body: { type: 'doc', content: [{ type: 'paragraph' }] } }),
    ]);
    expect(hashes.size).toBe(4);
  });
});

describe('plainText', () => {
  it('puts each block on its own line and hard breaks as newlines', () => {
    const body: RichTextJson = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Title' }] },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'a ' },
            { type: 'text', text: 'bold', marks: [{ type: 'bold' }] },
            { type: 'hardBreak' },
            { type: 'text', text: 'b' },
          ],
        },
        { type: 'horizontalRule' },
        {
          type: 'bulletList',
          content: [
            {
              type: 'listItem',
              content: [{ type: 'paragraph', content: [{ type: 'text', text: 'one' }] }],
            },
            {
              type: 'listItem',
              content: [{ type: 'paragraph', content: [{ type: 'text', text: 'two' }] }],
            },
          ],
        },
      ],
    };
    expect(plainText(body)).toBe('Title\na bold\nb\none\ntwo');
    expect(plainText({ type: 'doc' })).toBe('');
  });
});
