import Collaboration from '@tiptap/extension-collaboration';
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useEffect, type ReactNode } from 'react';
import { CollabCaret } from './collab-caret.js';
import { CommentHighlights } from './comment-highlights.js';
import { ImageNode } from './image.js';
import type { DocSession } from './session.js';

interface Props {
  session: DocSession;
  editable: boolean;
  label: string;
  onEditor?: (editor: Editor | null) => void;
}

const MARKS = [
  {
    name: 'bold',
    label: 'Bold',
    text: 'B',
    run: (e: Editor) => e.chain().focus().toggleBold().run(),
  },
  {
    name: 'italic',
    label: 'Italic',
    text: 'I',
    run: (e: Editor) => e.chain().focus().toggleItalic().run(),
  },
  {
    name: 'strike',
    label: 'Strikethrough',
    text: 'S',
    run: (e: Editor) => e.chain().focus().toggleStrike().run(),
  },
  {
    name: 'code',
    label: 'Code',
    text: '</>',
    run: (e: Editor) => e.chain().focus().toggleCode().run(),
  },
] as const;

function Toolbar({ editor }: { editor: Editor }): ReactNode {
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      strike: e.isActive('strike'),
      code: e.isActive('code'),
      h2: e.isActive('heading', { level: 2 }),
      bullet: e.isActive('bulletList'),
      ordered: e.isActive('orderedList'),
    }),
  });
  return (
    <div className="editor-toolbar" role="toolbar" aria-label="Formatting">
      {MARKS.map((m) => (
        <button
          key={m.name}
          type="button"
          className="btn btn-small"
          aria-label={m.label}
          aria-pressed={state[m.name]}
          onClick={() => m.run(editor)}
        >
          {m.text}
        </button>
      ))}
      <button
        type="button"
        className="btn btn-small"
        aria-pressed={state.h2}
        onClick={() => editor.chain().focus().toggleHeading({ level: 2 }).run()}
      >
        Heading
      </button>
      <button
        type="button"
        className="btn btn-small"
        aria-pressed={state.bullet}
        onClick={() => editor.chain().focus().toggleBulletList().run()}
      >
        Bullets
      </button>
      <button
        type="button"
        className="btn btn-small"
        aria-pressed={state.ordered}
        onClick={() => editor.chain().focus().toggleOrderedList().run()}
      >
        Numbered
      </button>
    </div>
  );
}

/**
 * Tiptap bound to the session's `body` fragment through Yjs, with remote carets from its
 * awareness. History is Yjs's own (per-user undo), so StarterKit's undo is off; no trailing
 * node, which would write to a document just by opening it.
 */
export function CollabEditor({ session, editable, label, onEditor }: Props): ReactNode {
  const editor = useEditor(
    {
      // Tiptap would inject a <style> element, which the tenant's CSP refuses; styles.css has it.
      injectCSS: false,
      editable,
      extensions: [
        StarterKit.configure({
          undoRedo: false,
          trailingNode: false,
          link: { openOnClick: false },
        }),
        ImageNode,
        Collaboration.configure({ fragment: session.body }),
        CollabCaret.configure({ awareness: session.awareness }),
        CommentHighlights,
      ],
      editorProps: {
        attributes: {
          'aria-label': label,
          'aria-multiline': 'true',
          role: 'textbox',
          'data-testid': 'editor',
        },
      },
    },
    [session],
  );

  useEffect(() => {
    if (editor && editor.isEditable !== editable) editor.setEditable(editable);
    editor?.view.dom.setAttribute('aria-readonly', editable ? 'false' : 'true');
  }, [editor, editable]);

  useEffect(() => {
    onEditor?.(editor);
    return () => onEditor?.(null);
  }, [editor, onEditor]);

  if (!editor) return null;
  return (
    <div className="editor-surface" data-readonly={editable ? 'false' : 'true'}>
      {editable ? <Toolbar editor={editor} /> : null}
      <EditorContent editor={editor} />
    </div>
  );
}
