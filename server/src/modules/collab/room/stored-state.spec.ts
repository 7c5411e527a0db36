import * as Y from 'yjs';
import { applyStoredState, docFromStoredState, markCollectedSnapshot } from './stored-state.js';

/** A collected snapshot of typing with deletions, and a tail that deletes some of it. */
function history() {
  const source = new Y.Doc();
  const updates: Uint8Array[] = [];
  source.on('update', (update: Uint8Array) => updates.push(update));
  const text = source.getText('body');
  for (let i = 0; i < 200; i += 1) {
    text.insert(text.length, `word${i} `);
    if (i % 7 === 0) text.delete(Math.max(0, text.length - 12), 4);
  }
  source.getMap('fields').set('title', 'Stored');
  const snapshot = Y.encodeStateAsUpdate(source);
  const tailStart = updates.length;
  text.delete(0, 40);
  text.insert(10, 'late edit');
  source.getMap('fields').delete('title');
  return { source, snapshot, tail: updates.slice(tailStart) };
}

/** The same parts applied the plain way: one transaction, collection on throughout. */
function reference(parts: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  Y.transact(doc, () => parts.forEach((part) => Y.applyUpdate(doc, part)));
  return doc;
}

const encoded = (doc: Y.Doc) => Buffer.from(Y.encodeStateAsUpdate(doc));

describe('applyStoredState', () => {
  it('builds from a marked snapshot exactly the state of applying every part with collection on', () => {
    const { source, snapshot, tail } = history();
    const loaded = docFromStoredState([markCollectedSnapshot(snapshot.slice()), ...tail]);
    expect(loaded.getText('body').toJSON()).toBe(source.getText('body').toJSON());
    expect(loaded.getMap('fields').has('title')).toBe(false);
    // Byte-equal encodings: the tail's deletions were collected (a deleted item that kept its
    // content would encode it), and nothing else differs.
    expect(encoded(loaded)).toEqual(encoded(reference([snapshot, ...tail])));
    expect(loaded.gc).toBe(true);
  });

  it('collects what the tail deletes when the tail is a single part too', () => {
    const { snapshot, tail } = history();
    const merged = Y.mergeUpdates(tail);
    const loaded = docFromStoredState([markCollectedSnapshot(snapshot.slice()), merged]);
    expect(encoded(loaded)).toEqual(encoded(reference([snapshot, merged])));
  });

  it('collects an unmarked first part: a client update may carry deleted content', () => {
    // A client with gc off sends its deleted text along (sync step 2 encodes its whole state).
    const client = new Y.Doc({ gc: false });
    client.getText('body').insert(0, 'kept and secret');
    client.getText('body').delete(8, 7);
    const update = Y.encodeStateAsUpdate(client);
    const loaded = docFromStoredState([update]);
    expect(loaded.getText('body').toJSON()).toBe('kept and');
    expect(encoded(loaded)).toEqual(encoded(reference([update])));
    expect(encoded(loaded).includes(Buffer.from('secret'))).toBe(false);
    expect(Buffer.from(update).includes(Buffer.from('secret'))).toBe(true);
  });

  it('restores the document’s collection setting, also when the snapshot cannot be applied', () => {
    const { snapshot } = history();
    const keeping = new Y.Doc({ gc: false });
    applyStoredState(keeping, [markCollectedSnapshot(snapshot.slice())]);
    expect(keeping.gc).toBe(false);
    const doc = new Y.Doc();
    const broken = markCollectedSnapshot(new Uint8Array([255, 255, 255]));
    expect(() => applyStoredState(doc, [broken])).toThrow();
    expect(doc.gc).toBe(true);
  });

  it('applies nothing for an empty state; one update event per transaction otherwise', () => {
    const empty = new Y.Doc();
    applyStoredState(empty, []);
    expect(empty.getText('body').length).toBe(0);
    const { snapshot, tail } = history();
    const origins = (parts: Uint8Array[]) => {
      const doc = new Y.Doc();
      const seen: unknown[] = [];
      doc.on('update', (_update: Uint8Array, origin: unknown) => seen.push(origin));
      applyStoredState(doc, parts, 'load');
      return seen;
    };
    expect(origins([markCollectedSnapshot(snapshot.slice()), ...tail])).toEqual(['load', 'load']);
    expect(origins([snapshot, ...tail])).toEqual(['load']);
  });
});
