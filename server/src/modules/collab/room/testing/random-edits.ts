/**
 * Random edits on Folio's document shape — rich text in the Y.XmlFragment `body` (paragraphs of
 * formatted text) and structured fields in the Y.Map `fields` — and a digest to compare replicas.
 */
import * as Y from 'yjs';
import type { SeededRandom } from './random.js';
import { docFromStoredState, type StoredState } from '../stored-state.js';

const FIELD_KEYS = ['title', 'slug', 'summary', 'tags', 'rank'];
const MARKS = ['bold', 'italic', 'link'];

/** The text node of a random paragraph, if the body has one. */
function randomText(random: SeededRandom, body: Y.XmlFragment): Y.XmlText | null {
  if (body.length === 0) return null;
  const paragraph = body.get(random.int(body.length));
  if (!(paragraph instanceof Y.XmlElement) || paragraph.length === 0) return null;
  const text = paragraph.get(0);
  return text instanceof Y.XmlText ? text : null;
}

function newParagraph(random: SeededRandom): Y.XmlElement {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(random.word())]);
  return paragraph;
}

/** One random local edit, as a user of a stock editor could make it. */
export function randomEdit(random: SeededRandom, doc: Y.Doc): void {
  const body = doc.getXmlFragment('body');
  const fields = doc.getMap<unknown>('fields');
  const text = randomText(random, body);
  const choice = random.int(8);
  if (choice === 0 || (text === null && choice <= 3)) {
    body.insert(random.int(body.length + 1), [newParagraph(random)]);
  } else if (choice === 1 && text !== null) {
    const attributes = random.chance(0.3) ? { [random.pick(MARKS)]: true } : undefined;
    text.insert(random.int(text.length + 1), random.word(), attributes);
  } else if (choice === 2 && text !== null && text.length > 0) {
    const index = random.int(text.length);
    text.delete(index, 1 + random.int(Math.min(4, text.length - index)));
  } else if (choice === 3 && text !== null && text.length > 0) {
    const index = random.int(text.length);
    const length = 1 + random.int(text.length - index);
    text.format(index, length, { [random.pick(MARKS)]: random.chance(0.6) ? true : null });
  } else if (choice === 4 && body.length > 1) {
    body.delete(random.int(body.length), 1);
  } else if (choice === 5) {
    fields.delete(random.pick(FIELD_KEYS));
  } else if (choice === 6) {
    // A multi-part change in one transaction, like an editor command.
    doc.transact(() => {
      fields.set('rank', random.int(1000));
      body.insert(body.length, [newParagraph(random)]);
    });
  } else {
    fields.set(random.pick(FIELD_KEYS), random.chance(0.5) ? random.word() : random.int(100));
  }
}

/** What a reader sees: the rich text as XML and the fields as JSON. */
export function documentDigest(doc: Y.Doc): { body: string; fields: unknown } {
  return { body: doc.getXmlFragment('body').toJSON(), fields: doc.getMap('fields').toJSON() };
}

/** Same content and same CRDT state (state vector and delete set). */
export function isSameState(a: Y.Doc, b: Y.Doc): boolean {
  return Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b));
}

/** A fresh document from stored bytes. */
export function docFrom(state: StoredState | null): Y.Doc {
  return docFromStoredState(state);
}
