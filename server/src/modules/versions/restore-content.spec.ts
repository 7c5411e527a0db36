import * as Y from 'yjs';
import { renderDocument } from '../content/index.js';
import { replaceContent } from './restore-content.js';

function paragraph(text: string, attributes?: Record<string, unknown>): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  const t = new Y.XmlText();
  t.insert(0, text, attributes);
  p.insert(0, [t]);
  return p;
}

describe('replaceContent', () => {
  it('makes the target render exactly like the source, through operations a peer receives', () => {
    const source = new Y.Doc();
    source.transact(() => {
      source.getMap('fields').set('title', 'Old title');
      source.getMap('fields').set('tags', ['a', 'b']);
      const summary = new Y.Text('A summary');
      source.getMap('fields').set('summary', summary);
      const heading = new Y.XmlElement('heading');
      heading.setAttribute('level', '2');
      heading.insert(0, [new Y.XmlText('Heading')]);
      source.getXmlFragment('body').insert(0, [heading, paragraph('bold words', { bold: true })]);
    });
    const target = new Y.Doc();
    target.transact(() => {
      target.getMap('fields').set('title', 'New title');
      target.getMap('fields').set('extra', 42);
      target.getXmlFragment('body').insert(0, [paragraph('new text')]);
    });
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(target));
    target.on('update', (update: Uint8Array) => Y.applyUpdate(peer, update));

    target.transact(() => replaceContent(target, source));

    expect(renderDocument(target)).toEqual(renderDocument(source));
    expect(renderDocument(peer)).toEqual(renderDocument(source));
    expect(renderDocument(peer).fields).toEqual({
      title: 'Old title',
      tags: ['a', 'b'],
      summary: 'A summary',
    });
  });

  it('leaves equal plain field values alone and empties the body for an empty source', () => {
    const source = new Y.Doc();
    source.getMap('fields').set('title', 'Same');
    const target = new Y.Doc();
    target.getMap('fields').set('title', 'Same');
    target.getXmlFragment('body').insert(0, [paragraph('gone')]);
    const updates: Uint8Array[] = [];
    target.on('update', (update: Uint8Array) => updates.push(update));
    const before = Y.encodeStateVector(target);

    target.transact(() => replaceContent(target, source));

    expect(renderDocument(target)).toEqual({ fields: { title: 'Same' }, body: { type: 'doc' } });
    // Only the body deletion was written: the unchanged title made no new item.
    expect(Y.decodeStateVector(Y.encodeStateVector(target))).toEqual(Y.decodeStateVector(before));
    expect(updates).toHaveLength(1);
  });
});
