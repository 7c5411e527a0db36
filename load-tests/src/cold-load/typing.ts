/**
 * A realistic edit history: several authors typing into one rich-text body, each keystroke its own
 * Yjs update (as a ProseMirror binding sends them), with some backspacing and field changes. The
 * authors' docs exchange updates as they go, so positions interleave like a live session.
 */
import * as Y from 'yjs';

/** A deterministic pseudo-random source (mulberry32), so every run writes the same history. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `edits` keystroke updates by `authors` typists, in the order they were made. */
export function typingHistory(
  edits: number,
  options: { authors?: number; burstMax?: number; seed?: number } = {},
): Uint8Array[] {
  const { authors = 3, burstMax = 40, seed = 7 } = options;
  const next = random(seed);
  const docs = Array.from({ length: authors }, () => new Y.Doc());
  const updates: Uint8Array[] = [];
  for (const doc of docs) {
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'peer') return;
      updates.push(update);
      for (const other of docs) if (other !== doc) Y.applyUpdate(other, update, 'peer');
    });
  }
  // The body as a ProseMirror binding lays it out: a paragraph element holding the text.
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText()]);
  docs[0]!.getXmlFragment('body').insert(0, [paragraph]);
  const textOf = (doc: Y.Doc) =>
    (doc.getXmlFragment('body').get(0) as Y.XmlElement).get(0) as Y.XmlText;
  const cursors = docs.map(() => 0);
  let author = 0;
  let burst = 0;
  for (let i = 0; i < edits; i += 1) {
    // People type in bursts (a word, a phrase) before someone else's keystrokes land, unless
    // `burstMax` is 1: every keystroke by a random author, the worst case for Yjs's run merging.
    if (burst === 0) {
      author = Math.floor(next() * authors);
      burst = 1 + Math.floor(next() * burstMax);
    }
    burst -= 1;
    const doc = docs[author]!;
    const text = textOf(doc);
    const length = text.length;
    // A new paragraph of thought now and then: jump the cursor somewhere else.
    if (next() < 0.01) cursors[author] = Math.floor(next() * (length + 1));
    const at = Math.min(cursors[author]!, length);
    const roll = next();
    if (roll < 0.1 && at > 0) {
      text.delete(at - 1, 1);
      cursors[author] = at - 1;
    } else if (roll < 0.11) {
      doc.getMap('fields').set(`field${Math.floor(next() * 8)}`, i);
    } else {
      text.insert(at, String.fromCharCode(97 + Math.floor(next() * 26)));
      cursors[author] = at + 1;
    }
  }
  for (const doc of docs) doc.destroy();
  return updates;
}
