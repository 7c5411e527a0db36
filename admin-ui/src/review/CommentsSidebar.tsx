import type { Editor } from '@tiptap/react';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useFolio } from '../app-context.js';
import { commentHighlightsKey } from '../editor/comment-highlights.js';
import type { DocSession } from '../editor/session.js';
import { useLiveEvents } from '../live.js';
import type { Page, Thread } from '../types.js';
import { ErrorAlert } from '../ui/Alert.js';
import { formatTime } from '../ui/format.js';
import { useAsync } from '../ui/use-async.js';
import { selectionAnchor } from './anchor.js';

const COMMENT_EVENTS = [
  'comment.created',
  'comment.replied',
  'comment.edited',
  'comment.deleted',
  'comment.resolved',
  'comment.reopened',
];

interface Props {
  documentId: string;
  session: DocSession;
  editor: Editor | null;
  canComment: boolean;
}

/** Threads anchored to selected text, with replies and resolve/reopen — updated live. */
export function CommentsSidebar({ documentId, session, editor, canComment }: Props): ReactNode {
  const { api } = useFolio();
  const base = `/api/v1/documents/${documentId}/comments`;
  const [status, setStatus] = useState<'open' | 'resolved'>('open');
  const threads = useAsync(
    () => api.get<Page<Thread>>(base, { status, limit: 100 }),
    [api, base, status],
  );
  const [active, setActive] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [draft, setDraft] = useState('');
  const [hasSelection, setHasSelection] = useState(false);
  useLiveEvents(COMMENT_EVENTS, () => void threads.reload(), documentId);

  useEffect(() => {
    if (!editor) return;
    const onSelect = (): void => setHasSelection(!editor.state.selection.empty);
    editor.on('selectionUpdate', onSelect);
    return () => {
      editor.off('selectionUpdate', onSelect);
    };
  }, [editor]);

  // Open threads are highlighted in the text; the active one more strongly.
  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    const anchors =
      status === 'open'
        ? (threads.value?.items ?? []).flatMap((t) =>
            t.anchor.kind === 'text' && t.anchor.start && t.anchor.end
              ? [{ threadId: t.id, start: t.anchor.start, end: t.anchor.end }]
              : [],
          )
        : [];
    editor.view.dispatch(editor.state.tr.setMeta(commentHighlightsKey, { anchors, active }));
  }, [editor, threads.value, active, status]);

  const run = async (work: () => Promise<unknown>): Promise<boolean> => {
    setError(null);
    try {
      await work();
      await threads.reload();
      return true;
    } catch (err) {
      setError(err);
      return false;
    }
  };

  const create = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (!editor) return;
    const selected = selectionAnchor(editor);
    if (!selected) {
      setError(new Error('Select the text the comment is about first'));
      return;
    }
    void run(async () => {
      // The server resolves the anchor against what it has stored: it must have our text.
      await session.whenPersisted();
      await api.post<Thread>(base, { anchor: selected.anchor, body: draft });
      setDraft('');
    });
  };

  const items = threads.value?.items ?? [];
  return (
    <section className="card stack" aria-labelledby="comments-h" data-testid="comments">
      <div className="row">
        <h2 id="comments-h" className="grow">
          Comments
        </h2>
        <label className="field-inline">
          <span className="visually-hidden">Show</span>
          <select value={status} onChange={(e) => setStatus(e.target.value as 'open' | 'resolved')}>
            <option value="open">Open</option>
            <option value="resolved">Resolved</option>
          </select>
        </label>
      </div>
      <ErrorAlert error={threads.error ?? error} />
      {canComment ? (
        <form className="stack" onSubmit={create}>
          <label className="field">
            <span>Comment on the selected text</span>
            <textarea
              value={draft}
              required
              maxLength={10000}
              onChange={(e) => setDraft(e.target.value)}
            />
          </label>
          <button
            className="btn btn-primary"
            type="submit"
            disabled={!hasSelection || draft.trim() === ''}
          >
            Add comment
          </button>
        </form>
      ) : null}
      {items.length === 0 ? <p className="muted">No {status} comments.</p> : null}
      <ul className="stack" aria-label={`${status} threads`}>
        {items.map((t) => (
          <ThreadView
            key={t.id}
            thread={t}
            base={base}
            active={t.id === active}
            canComment={canComment}
            onFocus={() => setActive(t.id === active ? null : t.id)}
            run={run}
          />
        ))}
      </ul>
    </section>
  );
}

function ThreadView(props: {
  thread: Thread;
  base: string;
  active: boolean;
  canComment: boolean;
  onFocus: () => void;
  run: (work: () => Promise<unknown>) => Promise<boolean>;
}): ReactNode {
  const { api } = useFolio();
  const { thread, base, run } = props;
  const [reply, setReply] = useState('');
  const orphaned = thread.anchor.resolved.status === 'orphaned';
  return (
    <li className="thread" data-active={props.active ? 'true' : 'false'} data-thread={thread.id}>
      <button
        className="btn btn-ghost btn-small"
        type="button"
        aria-pressed={props.active}
        onClick={props.onFocus}
      >
        <blockquote>
          “{thread.quote}”{orphaned ? ' (text removed)' : ''}
        </blockquote>
      </button>
      <ol className="stack">
        {thread.comments.map((c) => (
          <li key={c.id}>
            <div>{c.body ?? <em className="muted">deleted</em>}</div>
            <small className="muted">{formatTime(c.createdAt)}</small>
          </li>
        ))}
      </ol>
      {props.canComment ? (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => api.post(`${base}/${thread.id}/replies`, { body: reply })).then(
              (ok) => ok && setReply(''),
            );
          }}
        >
          <label className="field grow">
            <span className="visually-hidden">Reply</span>
            <input
              value={reply}
              placeholder="Reply…"
              required
              onChange={(e) => setReply(e.target.value)}
            />
          </label>
          <button className="btn btn-small" type="submit">
            Reply
          </button>
          <button
            className="btn btn-small"
            type="button"
            onClick={() =>
              void run(() =>
                api.post(`${base}/${thread.id}/${thread.status === 'open' ? 'resolve' : 'reopen'}`),
              )
            }
          >
            {thread.status === 'open' ? 'Resolve' : 'Reopen'}
          </button>
        </form>
      ) : null}
    </li>
  );
}
