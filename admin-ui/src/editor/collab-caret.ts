import { Extension } from '@tiptap/core';
import { yCursorPlugin } from '@tiptap/y-tiptap';
import type { Awareness } from 'y-protocols/awareness';
import { PERSON_COLOURS } from '../ui/format.js';

interface CaretUser {
  name?: string;
  color?: string;
}

/** The palette slot of a colour, so selections can use a class (no inline styles under the CSP). */
function paletteSlot(color: string | undefined): number {
  const i = PERSON_COLOURS.indexOf((color ?? '').toLowerCase() as (typeof PERSON_COLOURS)[number]);
  return i === -1 ? 0 : i;
}

/**
 * A caret and name label for a remote user. Colours go through the CSSOM (`style.borderColor`),
 * which a CSP without 'unsafe-inline' allows, unlike y-tiptap's default `setAttribute('style')`.
 */
function buildCaret(user: CaretUser): HTMLElement {
  const caret = document.createElement('span');
  caret.className = 'collab-caret';
  caret.style.borderColor = user.color ?? PERSON_COLOURS[0];
  const label = document.createElement('span');
  label.className = 'collab-caret__label';
  label.style.backgroundColor = user.color ?? PERSON_COLOURS[0];
  label.textContent = user.name ?? 'Someone';
  caret.append('\u2060', label, '\u2060');
  return caret;
}

/** Options of {@link CollabCaret}. */
export interface CollabCaretOptions {
  awareness: Awareness | null;
}

/**
 * Remote carets and selections from the session's awareness (y-tiptap's `yCursorPlugin`).
 * Must come after the Collaboration extension, whose sync plugin it reads.
 */
export const CollabCaret = Extension.create<CollabCaretOptions>({
  name: 'collabCaret',
  addOptions() {
    return { awareness: null };
  },
  addProseMirrorPlugins() {
    if (!this.options.awareness) return [];
    return [
      yCursorPlugin(this.options.awareness, {
        cursorBuilder: (user: CaretUser) => buildCaret(user),
        selectionBuilder: (user: CaretUser) => ({
          class: `collab-selection person-bg-${paletteSlot(user.color)}`,
        }),
      }),
    ];
  },
});
