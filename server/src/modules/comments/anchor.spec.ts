import * as Y from 'yjs';
import { AnchorResolver, encodePosition, type StoredAnchor } from './anchor.js';
import { textFlow } from './text-flow.js';

/** A body of paragraphs, one XmlText each; returns the texts. */
function bodyOf(doc: Y.Doc, ...paragraphs: string[]): Y.XmlText[] {
  return paragraphs.map((text) => {
    const content = new Y.XmlText(text);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [content]);
    doc.getXmlFragment('body').push([paragraph]);
    return content;
  });
}

/** Applies every update of `from` that `to` lacks. */
function sync(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

describe('text flow', () => {
  it('joins the XmlTexts of the body in document order with one newline', () => {
    const doc = new Y.Doc();
    bodyOf(doc, 'Hello', '', 'world');
    const list = new Y.XmlElement('bullet_list');
    const item = new Y.XmlElement('list_item');
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('nested')]);
    item.insert(0, [paragraph]);
    list.insert(0, [item]);
    doc.getXmlFragment('body').push([list]);
    expect(textFlow(doc.getXmlFragment('body')).text).toBe('Hello\n\nworld\nnested');
  });
});

describe('AnchorResolver', () => {
  it('turns offsets into positions whose edges do not grow with inserts there', () => {
    const doc = new Y.Doc();
    const [first, second] = bodyOf(doc, 'one two', 'the target words here');
    const exact = new AnchorResolver(doc).normalise({ kind: 'text', from: 12, to: 24 });
    expect(exact.resolution).toEqual({
      status: 'anchored',
      quote: 'target words',
      from: 12,
      to: 24,
    });
    second!.insert(4, 'XX');
    second!.insert(18, 'YY');
    first!.insert(0, 'zero ');
    expect(new AnchorResolver(doc).resolve(exact.anchor)).toEqual({
      status: 'anchored',
      quote: 'target words',
      from: 19,
      to: 31,
    });
  });

  it('moves edges on separators inward and refuses empty, inverted or out-of-range ranges', () => {
    const doc = new Y.Doc();
    bodyOf(doc, 'abc', 'def');
    const resolver = new AnchorResolver(doc);
    expect(resolver.normalise({ kind: 'text', from: 3, to: 7 }).resolution.quote).toBe('def');
    expect(resolver.normalise({ kind: 'text', from: 1, to: 5 }).resolution.quote).toBe('bc\nd');
    for (const [from, to] of [
      [2, 2],
      [3, 4],
      [5, 2],
      [0, 8],
    ] as const) {
      expect(() => resolver.normalise({ kind: 'text', from, to })).toThrow('Invalid request body');
    }
  });

  it('follows client-made positions through concurrent edits and orphans deleted text', () => {
    const doc = new Y.Doc();
    const [text] = bodyOf(doc, 'keep the target words please');
    const anchor: StoredAnchor = {
      kind: 'text',
      start: encodePosition(Y.createRelativePositionFromTypeIndex(text!, 9)),
      end: encodePosition(Y.createRelativePositionFromTypeIndex(text!, 21, -1)),
    };
    expect(new AnchorResolver(doc).normalise(anchor).resolution.quote).toBe('target words');
    const other = new Y.Doc();
    sync(doc, other);
    text!.insert(9, 'AAA ');
    const otherText = other.getXmlFragment('body').get(0) as Y.XmlElement;
    (otherText.get(0) as Y.XmlText).insert(21, ' BBB');
    sync(doc, other);
    sync(other, doc);
    expect(new AnchorResolver(doc).resolve(anchor)).toMatchObject({
      status: 'anchored',
      quote: 'target words',
    });
    text!.delete(13, 12);
    expect(new AnchorResolver(doc).resolve(anchor)).toMatchObject({
      status: 'orphaned',
      quote: '',
    });
    doc.getXmlFragment('body').delete(0, 1);
    expect(new AnchorResolver(doc).resolve(anchor)).toEqual({
      status: 'orphaned',
      quote: '',
      from: null,
      to: null,
    });
  });

  it('re-attaches client positions to the quoted characters, whatever their association', () => {
    const doc = new Y.Doc();
    const [text] = bodyOf(doc, 'say the words now');
    const { anchor } = new AnchorResolver(doc).normalise({
      kind: 'text',
      start: encodePosition(Y.createRelativePositionFromTypeIndex(text!, 8)),
      end: encodePosition(Y.createRelativePositionFromTypeIndex(text!, 13)),
    });
    text!.insert(13, 'AFTER');
    text!.insert(8, 'BEFORE');
    expect(new AnchorResolver(doc).resolve(anchor)).toEqual({
      status: 'anchored',
      quote: 'words',
      from: 14,
      to: 19,
    });
  });

  it('refuses positions that do not decode or resolve, and fields that do not exist', () => {
    const doc = new Y.Doc();
    bodyOf(doc, 'text');
    doc.getMap('fields').set('title', 'A title');
    const resolver = new AnchorResolver(doc);
    const foreign = new Y.Doc();
    const [elsewhere] = bodyOf(foreign, 'other');
    const stranger = encodePosition(Y.createRelativePositionFromTypeIndex(elsewhere!, 1));
    expect(() => resolver.normalise({ kind: 'text', start: stranger, end: stranger })).toThrow(
      'Invalid request body',
    );
    expect(() => resolver.normalise({ kind: 'text', start: 'AAAA', end: 'AAAA' })).toThrow(
      'Invalid request body',
    );
    expect(resolver.normalise({ kind: 'field', field: 'title' }).resolution).toEqual({
      status: 'anchored',
      quote: 'A title',
      from: null,
      to: null,
    });
    expect(() => resolver.normalise({ kind: 'field', field: 'summary' })).toThrow(
      'Invalid request body',
    );
  });
});
