import { useState, type ReactNode } from 'react';
import { useFolio } from '../app-context.js';
import { useLiveEvents } from '../live.js';
import type { Page, VersionSummary } from '../types.js';
import { ErrorAlert } from '../ui/Alert.js';
import { formatTime } from '../ui/format.js';
import { useAsync } from '../ui/use-async.js';

interface Comparison {
  from: { id: string; number: number | null };
  to: { id: string; number: number | null };
  identical: boolean;
  fields: {
    path: (string | number)[];
    change: 'added' | 'removed' | 'changed';
    before?: unknown;
    after?: unknown;
  }[];
  text: { op: 'equal' | 'insert' | 'delete'; text: string }[];
}

const REASONS: Record<VersionSummary['reason'], string> = {
  manual: 'Saved',
  checkpoint: 'Checkpoint',
  workflow: 'Submitted for review',
  restore: 'Restored',
};

/** Versions newest first; compare one with the current content; restore one — updated live. */
export function VersionHistory(props: { documentId: string; canRestore: boolean }): ReactNode {
  const { api } = useFolio();
  const base = `/api/v1/documents/${props.documentId}/versions`;
  const versions = useAsync(() => api.get<Page<VersionSummary>>(base, { limit: 20 }), [api, base]);
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useLiveEvents(
    ['version.created', 'version.restored'],
    () => void versions.reload(),
    props.documentId,
  );

  const act = async (work: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const compare = (id: string) =>
    act(async () =>
      setComparison(await api.get<Comparison>(`${base}/compare`, { from: id, to: 'current' })),
    );
  const restore = (v: VersionSummary) =>
    act(async () => {
      await api.post(`${base}/${v.id}/restore`, { label: `Restored version ${v.number}` });
      setComparison(null);
      await versions.reload();
    });
  const save = () =>
    act(async () => {
      await api.post(base, { label: null });
      await versions.reload();
    });

  return (
    <section className="card stack" aria-labelledby="versions-h" data-testid="versions">
      <div className="row">
        <h2 id="versions-h" className="grow">
          Version history
        </h2>
        {props.canRestore ? (
          <button
            className="btn btn-small"
            type="button"
            disabled={busy}
            onClick={() => void save()}
          >
            Save version
          </button>
        ) : null}
      </div>
      <ErrorAlert error={versions.error ?? error} />
      {(versions.value?.items ?? []).length === 0 ? (
        <p className="muted">No versions yet.</p>
      ) : null}
      <ol className="stack" aria-label="Versions">
        {(versions.value?.items ?? []).map((v) => (
          <li key={v.id} className="row">
            <span className="grow">
              <strong>v{v.number}</strong> {v.label ?? REASONS[v.reason]}
              <br />
              <small className="muted">{formatTime(v.createdAt)}</small>
            </span>
            <button
              className="btn btn-small"
              type="button"
              disabled={busy}
              onClick={() => void compare(v.id)}
            >
              Compare
              <span className="visually-hidden"> version {v.number} with the current text</span>
            </button>
            {props.canRestore ? (
              <button
                className="btn btn-small"
                type="button"
                disabled={busy}
                onClick={() => void restore(v)}
              >
                Restore<span className="visually-hidden"> version {v.number}</span>
              </button>
            ) : null}
          </li>
        ))}
      </ol>
      {comparison ? (
        <ComparisonView comparison={comparison} onClose={() => setComparison(null)} />
      ) : null}
    </section>
  );
}

function ComparisonView(props: { comparison: Comparison; onClose: () => void }): ReactNode {
  const c = props.comparison;
  return (
    <div
      className="stack"
      role="region"
      aria-label={`Changes since version ${c.from.number ?? ''}`}
    >
      <div className="row">
        <h3 className="grow">Since v{c.from.number} (to current)</h3>
        <button className="btn btn-small" type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
      {c.identical ? <p className="muted">No changes.</p> : null}
      {c.fields.length > 0 ? (
        <ul>
          {c.fields.map((f) => (
            <li key={f.path.join('.')}>
              {f.path.join('.')}: {f.change}
              {f.change !== 'added' ? ` “${String(f.before)}”` : ''}
              {f.change !== 'removed' ? ` → “${String(f.after)}”` : ''}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="diff">
        {c.text.map((part, i) =>
          part.op === 'insert' ? (
            <ins key={i}>{part.text}</ins>
          ) : part.op === 'delete' ? (
            <del key={i}>{part.text}</del>
          ) : (
            <span key={i}>{part.text}</span>
          ),
        )}
      </p>
    </div>
  );
}
