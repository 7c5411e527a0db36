import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useFolio } from '../app-context.js';
import { Link, useRouter } from '../router.js';
import type { ContentType, DocumentMeta, Page, WorkflowDefinition } from '../types.js';
import { ErrorAlert } from '../ui/Alert.js';
import { formatTime } from '../ui/format.js';
import { useAsync } from '../ui/use-async.js';
import { useLiveEvents } from '../live.js';
import { loadStages } from './stages.js';

/** Documents: search by title, filter by content type and workflow state, create from a type. */
export function DocumentsPage(): ReactNode {
  const { api, folio, permissions } = useFolio();
  const { navigate, search } = useRouter();
  const [q, setQ] = useState(search.get('q') ?? '');
  const [contentType, setContentType] = useState(search.get('type') ?? '');
  const [stage, setStage] = useState(search.get('stage') ?? '');
  const [query, setQuery] = useState(q);
  const [extra, setExtra] = useState<{ items: DocumentMeta[]; cursor: string | null } | null>(null);

  // Debounced title search: one request per pause in typing, not per key.
  useEffect(() => {
    const timer = window.setTimeout(() => setQuery(q.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [q]);

  const types = useAsync(
    () => api.get<{ items: ContentType[] }>('/api/v1/content-types').then((b) => b.items),
    [api],
  );
  const workflows = useAsync(
    () => api.get<{ items: WorkflowDefinition[] }>('/api/v1/workflows').then((b) => b.items),
    [api],
  );
  const docs = useAsync(async () => {
    setExtra(null);
    return api.get<Page<DocumentMeta>>('/api/v1/documents', { q: query, contentType, limit: 50 });
  }, [api, query, contentType]);

  const items = useMemo(
    () => [...(docs.value?.items ?? []), ...(extra?.items ?? [])],
    [docs.value, extra],
  );
  const nextCursor = extra ? extra.cursor : (docs.value?.nextCursor ?? null);
  const stages = useAsync(
    () =>
      loadStages(
        folio,
        items.map((d) => d.id),
      ),
    [folio, items],
  );

  useLiveEvents(['workflow.transitioned', 'document.created', 'document.deleted'], () => {
    void docs.reload();
  });

  const stageOptions = useMemo(() => {
    const seen = new Map<string, string>();
    for (const wf of workflows.value ?? []) {
      for (const s of wf.definition.stages) if (!seen.has(s.key)) seen.set(s.key, s.name);
    }
    return [...seen];
  }, [workflows.value]);

  const shown = stage ? items.filter((d) => stages.value?.get(d.id)?.key === stage) : items;

  const loadMore = async (): Promise<void> => {
    if (!nextCursor) return;
    const page = await api.get<Page<DocumentMeta>>('/api/v1/documents', {
      q: query,
      contentType,
      limit: 50,
      cursor: nextCursor,
    });
    setExtra({ items: [...(extra?.items ?? []), ...page.items], cursor: page.nextCursor });
  };

  return (
    <section className="stack" aria-labelledby="docs-h">
      <div className="page-header">
        <h1 id="docs-h">Documents</h1>
      </div>
      {permissions.has('documents.write') ? (
        <CreateDocument
          types={types.value ?? []}
          onCreated={(doc) => navigate(`/documents/${doc.id}`)}
        />
      ) : null}
      <div className="toolbar" role="search">
        <label className="field grow">
          <span>Search titles</span>
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </label>
        <label className="field">
          <span>Content type</span>
          <select value={contentType} onChange={(e) => setContentType(e.target.value)}>
            <option value="">All types</option>
            {(types.value ?? []).map((t) => (
              <option key={t.key} value={t.key}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Workflow state</span>
          <select value={stage} onChange={(e) => setStage(e.target.value)}>
            <option value="">All states</option>
            {stageOptions.map(([key, name]) => (
              <option key={key} value={key}>
                {name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorAlert error={docs.error ?? types.error} />
      <div className="table-wrap">
        <table className="table" aria-busy={docs.loading}>
          <caption className="visually-hidden">Documents</caption>
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Type</th>
              <th scope="col">State</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((d) => {
              const s = stages.value?.get(d.id);
              return (
                <tr key={d.id}>
                  <td>
                    <Link to={`/documents/${d.id}`}>{d.title}</Link>
                  </td>
                  <td>
                    {types.value?.find((t) => t.key === d.contentType)?.name ?? d.contentType}
                  </td>
                  <td>{s ? <span className={`badge badge-${s.key}`}>{s.name}</span> : '…'}</td>
                  <td>{formatTime(d.updatedAt)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {!docs.loading && shown.length === 0 ? <p className="empty">No documents match.</p> : null}
      </div>
      {nextCursor ? (
        <button className="btn" type="button" onClick={() => void loadMore()}>
          Load more
        </button>
      ) : null}
    </section>
  );
}

function CreateDocument(props: {
  types: ContentType[];
  onCreated: (doc: DocumentMeta) => void;
}): ReactNode {
  const { api } = useFolio();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    api
      .post<DocumentMeta>('/api/v1/documents', {
        title: String(form.get('title') ?? '').trim(),
        contentType: String(form.get('contentType') ?? 'article'),
      })
      .then(props.onCreated, setError)
      .finally(() => setBusy(false));
  };
  return (
    <form className="card toolbar" onSubmit={submit} aria-label="New document">
      <label className="field grow">
        <span>New document title</span>
        <input name="title" required maxLength={300} />
      </label>
      <label className="field">
        <span>From content type</span>
        <select name="contentType" defaultValue="article">
          {props.types.map((t) => (
            <option key={t.key} value={t.key}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <button className="btn btn-primary" type="submit" disabled={busy}>
        Create
      </button>
      <ErrorAlert error={error} />
    </form>
  );
}
