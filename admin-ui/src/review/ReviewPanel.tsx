import { useState, type ReactNode } from 'react';
import { useFolio } from '../app-context.js';
import { useLiveEvents } from '../live.js';
import type { Workflow } from '../types.js';
import { ErrorAlert } from '../ui/Alert.js';
import { formatTime } from '../ui/format.js';
import { useAsync } from '../ui/use-async.js';

const REVIEW_TRANSITIONS = new Set(['approve', 'request_changes']);
const WORKFLOW_EVENTS = [
  'workflow.transitioned',
  'workflow.reviewed',
  'workflow.assigned',
  'document.published',
  'document.unpublished',
];

/** Workflow state, the caller's transitions, approve / request changes — updated live. */
export function ReviewPanel({ documentId }: { documentId: string }): ReactNode {
  const { api, permissions } = useFolio();
  const path = `/api/v1/documents/${documentId}/workflow`;
  const wf = useAsync(() => api.get<Workflow>(path), [api, path]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');
  useLiveEvents(WORKFLOW_EVENTS, () => void wf.reload(), documentId);

  const act = async (work: () => Promise<unknown>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await work();
      setNote('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
      await wf.reload();
    }
  };

  const transition = (key: string) =>
    api.post<Workflow>(`${path}/transitions`, { transition: key, ...(note ? { note } : {}) });

  /** A decision, then the matching transition when its guards now pass. */
  const decide = (decision: 'approved' | 'changes_requested') =>
    act(async () => {
      const after = await api.post<Workflow>(`${path}/reviews`, {
        decision,
        ...(note ? { note } : {}),
      });
      const key = decision === 'approved' ? 'approve' : 'request_changes';
      if (after.transitions.find((t) => t.key === key)?.isAllowed) await transition(key);
    });

  const w = wf.value;
  const canReview =
    permissions.has('workflow.review') &&
    !!w?.frozenVersionId &&
    w.transitions.some((t) => REVIEW_TRANSITIONS.has(t.key));
  const others = w?.transitions.filter((t) => !REVIEW_TRANSITIONS.has(t.key)) ?? [];

  return (
    <section className="card stack" aria-labelledby="review-h" data-testid="review-panel">
      <h2 id="review-h">Review</h2>
      <ErrorAlert error={wf.error ?? error} />
      {w ? (
        <>
          <p>
            State:{' '}
            <span
              className={`badge badge-${w.stage.key}`}
              data-testid="workflow-stage"
              data-stage={w.stage.key}
            >
              {w.stage.name}
            </span>
          </p>
          {w.publication ? (
            <p className="muted">Published {formatTime(w.publication.publishedAt)}</p>
          ) : null}
          {canReview || others.length > 0 ? (
            <label className="field">
              <span>Note (optional)</span>
              <input value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
            </label>
          ) : null}
          {canReview ? (
            <div className="row">
              <button
                className="btn btn-primary"
                type="button"
                disabled={busy}
                onClick={() => void decide('approved')}
              >
                Approve
              </button>
              <button
                className="btn"
                type="button"
                disabled={busy}
                onClick={() => void decide('changes_requested')}
              >
                Request changes
              </button>
            </div>
          ) : null}
          {others.length > 0 ? (
            <ul className="stack" aria-label="Transitions">
              {others.map((t) => (
                <li key={t.key} className="row">
                  <button
                    className="btn"
                    type="button"
                    disabled={busy || !t.isAllowed}
                    aria-describedby={t.isAllowed ? undefined : `why-${t.key}`}
                    onClick={() => void act(() => transition(t.key))}
                  >
                    {t.name}
                  </button>
                  {t.isAllowed ? null : (
                    <small id={`why-${t.key}`} className="muted">
                      {t.failures.map((f) => f.message).join('; ')}
                    </small>
                  )}
                </li>
              ))}
            </ul>
          ) : null}
          {w.reviews.length > 0 ? (
            <details>
              <summary>Reviews ({w.reviews.length})</summary>
              <ul>
                {w.reviews.map((r) => (
                  <li key={r.id}>
                    {r.decision === 'approved' ? 'Approved' : 'Changes requested'} ·{' '}
                    {formatTime(r.createdAt)}
                    {r.isStale ? ' (stale)' : ''}
                    {r.note ? ` — ${r.note}` : ''}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          {w.history.length > 0 ? (
            <details>
              <summary>History</summary>
              <ol>
                {w.history.map((h) => (
                  <li key={h.id}>
                    {h.fromStage} → {h.toStage} ({h.transition}) · {formatTime(h.createdAt)}
                    {h.note ? ` — ${h.note}` : ''}
                  </li>
                ))}
              </ol>
            </details>
          ) : null}
        </>
      ) : (
        <p className="muted">Loading…</p>
      )}
    </section>
  );
}
