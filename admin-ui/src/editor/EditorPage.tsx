import type { Editor } from '@tiptap/react';
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { useFolio } from '../app-context.js';
import { useLiveEvents, useWatchDocument } from '../live.js';
import { CommentsSidebar } from '../review/CommentsSidebar.js';
import { ReviewPanel } from '../review/ReviewPanel.js';
import { VersionHistory } from '../review/VersionHistory.js';
import { Link } from '../router.js';
import type { ContentType, DocumentMeta } from '../types.js';
import { ErrorAlert } from '../ui/Alert.js';
import { PERSON_COLOURS, personIndex } from '../ui/format.js';
import { useAsync } from '../ui/use-async.js';
import { CollabEditor } from './CollabEditor.js';
import { FieldsPanel } from './FieldsPanel.js';
import { PresenceAvatars, SessionStatus } from './Presence.js';
import { useDocumentSession } from './session.js';

/** One document: the live editor, its fields, and the review side panel. */
export function EditorPage({ documentId }: { documentId: string }): ReactNode {
  const { api, folio, me, permissions } = useFolio();
  const color = PERSON_COLOURS[personIndex(me.user.id)] ?? PERSON_COLOURS[0];
  const { session, view } = useDocumentSession(folio, documentId, color);
  const [editor, setEditor] = useState<Editor | null>(null);
  const onEditor = useCallback((e: Editor | null) => setEditor(e), []);
  useWatchDocument(documentId);

  const meta = useAsync(
    () => api.get<DocumentMeta>(`/api/v1/documents/${documentId}`),
    [api, documentId],
  );
  const type = useAsync(
    async () =>
      meta.value
        ? api.get<ContentType>(`/api/v1/content-types/${meta.value.contentType}`)
        : undefined,
    [api, meta.value?.contentType],
  );
  useLiveEvents(['document.updated'], () => void meta.reload(), documentId);

  // The server decides (read-only connections' updates are dropped); the UI follows what it
  // reported, and the member's permissions until it has.
  const editable = useMemo(() => {
    if (!permissions.has('documents.write')) return false;
    return view.permission === undefined || view.permission === 'write';
  }, [permissions, view.permission]);
  const canComment =
    permissions.has('documents.comment') &&
    (view.permission === undefined || view.permission !== 'read');

  return (
    <div className="stack">
      <nav aria-label="Breadcrumb" className="muted">
        <Link to="/documents">Documents</Link> / {meta.value?.title ?? '…'}
      </nav>
      <div className="page-header">
        <h1>{meta.value?.title ?? 'Loading…'}</h1>
        <div className="row">{session ? <PresenceAvatars session={session} /> : null}</div>
      </div>
      <ErrorAlert error={meta.error ?? view.error} />
      <SessionStatus view={view} editable={editable} />
      <div className="editor-layout">
        <div className="stack">
          {session ? (
            <CollabEditor
              session={session}
              editable={editable}
              label={`Body of ${meta.value?.title ?? 'the document'}`}
              onEditor={onEditor}
            />
          ) : null}
          {session && type.value ? (
            <FieldsPanel session={session} fields={type.value.fields} editable={editable} />
          ) : null}
        </div>
        <aside className="sidepanel" aria-label="Review">
          <ReviewPanel documentId={documentId} />
          {session ? (
            <CommentsSidebar
              documentId={documentId}
              session={session}
              editor={editor}
              canComment={canComment}
            />
          ) : null}
          <VersionHistory documentId={documentId} canRestore={editable} />
        </aside>
      </div>
    </div>
  );
}
