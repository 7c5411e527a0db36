import type { Editor } from '@tiptap/react';
import { absolutePositionToRelativePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/**
 * The editor's selection as a comment anchor: Yjs relative positions of its edges, so the server
 * can pin the thread to the quoted characters whatever is edited around them. Null when nothing
 * (or only whitespace) is selected.
 */
export function selectionAnchor(
  editor: Editor,
): { anchor: { kind: 'text'; start: string; end: string }; quote: string } | null {
  const { from, to, empty } = editor.state.selection;
  if (empty) return null;
  const quote = editor.state.doc.textBetween(from, to, '\n');
  if (quote.trim() === '') return null;
  const ystate = ySyncPluginKey.getState(editor.state) as
    | {
        type: Y.XmlFragment;
        binding: { mapping: Parameters<typeof absolutePositionToRelativePosition>[2] } | null;
      }
    | undefined;
  if (!ystate?.binding) return null;
  const start = absolutePositionToRelativePosition(
    from,
    ystate.type,
    ystate.binding.mapping,
  ) as Y.RelativePosition;
  const end = absolutePositionToRelativePosition(
    to,
    ystate.type,
    ystate.binding.mapping,
  ) as Y.RelativePosition;
  return {
    anchor: {
      kind: 'text',
      start: toBase64(Y.encodeRelativePosition(start)),
      end: toBase64(Y.encodeRelativePosition(end)),
    },
    quote,
  };
}
