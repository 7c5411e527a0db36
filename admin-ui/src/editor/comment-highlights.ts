import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';

/** A thread's anchor as the server returned it (base64 relative positions). */
export interface HighlightAnchor {
  threadId: string;
  start: string;
  end: string;
}

interface HighlightState {
  anchors: HighlightAnchor[];
  active: string | null;
  decorations: DecorationSet;
}

type Mapping = Parameters<typeof relativePositionToAbsolutePosition>[3];

export const commentHighlightsKey = new PluginKey<HighlightState>('commentHighlights');

function decode(base64: string): Y.RelativePosition | null {
  try {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return Y.decodeRelativePosition(bytes);
  } catch {
    return null;
  }
}

/**
 * Where each anchor is now, in ProseMirror positions: the relative positions resolve against the
 * live Y.Doc through the sync plugin's mapping, so highlights follow concurrent edits. The server
 * attached `end` to the last quoted character (assoc -1), so the range is [start, end].
 */
function build(
  state: EditorState,
  anchors: HighlightAnchor[],
  active: string | null,
): DecorationSet {
  const ystate = ySyncPluginKey.getState(state) as
    { doc: Y.Doc; type: Y.XmlFragment; binding: { mapping: Mapping } | null } | undefined;
  if (!ystate?.binding || anchors.length === 0) return DecorationSet.empty;
  const decorations: Decoration[] = [];
  for (const anchor of anchors) {
    const start = decode(anchor.start);
    const end = decode(anchor.end);
    if (!start || !end) continue;
    const from = relativePositionToAbsolutePosition(
      ystate.doc,
      ystate.type,
      start,
      ystate.binding.mapping,
    );
    const to = relativePositionToAbsolutePosition(
      ystate.doc,
      ystate.type,
      end,
      ystate.binding.mapping,
    );
    if (from === null || to === null || to <= from) continue;
    decorations.push(
      Decoration.inline(from, Math.min(to, state.doc.content.size), {
        class: 'comment-anchor',
        'data-thread': anchor.threadId,
        'data-active': anchor.threadId === active ? 'true' : 'false',
      }),
    );
  }
  return DecorationSet.create(state.doc, decorations);
}

/** Highlights the text open comment threads are anchored to; set them with `setHighlights`. */
export const CommentHighlights = Extension.create({
  name: 'commentHighlights',
  addProseMirrorPlugins() {
    return [
      new Plugin<HighlightState>({
        key: commentHighlightsKey,
        state: {
          init: () => ({ anchors: [], active: null, decorations: DecorationSet.empty }),
          apply(tr, prev, _old, next) {
            const meta = tr.getMeta(commentHighlightsKey) as
              { anchors: HighlightAnchor[]; active: string | null } | undefined;
            const anchors = meta?.anchors ?? prev.anchors;
            const active = meta ? meta.active : prev.active;
            if (!meta && !tr.docChanged) return prev;
            return { anchors, active, decorations: build(next, anchors, active) };
          },
        },
        props: {
          decorations: (state) => commentHighlightsKey.getState(state)?.decorations,
        },
      }),
    ];
  },
});
