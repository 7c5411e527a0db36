import { useState, type FormEvent, type ReactNode } from 'react';
import { useCan } from '../app-context.js';
import { useAdminApi } from './api.js';
import { useLoad, usePaged } from './hooks.js';
import type { AuditEntry, Member, Page } from './types.js';
import { ErrorAlert, PageHeader, Pager, Time } from './ui.js';

interface Filters {
  action: string;
  targetType: string;
  targetId: string;
}

const NO_FILTERS: Filters = { action: '', targetType: '', targetId: '' };

/** The tenant's audit trail, newest first, filtered by action and target. */
export function AuditLogPage(): ReactNode {
  const api = useAdminApi();
  const canReadMembers = useCan('members.read');
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [open, setOpen] = useState<string | null>(null);
  const entries = usePaged(
    (cursor) => api.get<Page<AuditEntry>>('/api/v1/audit-log', { limit: 50, cursor, ...filters }),
    JSON.stringify(filters),
  );
  // Actors are user ids; members' names make the log readable (removed members stay ids).
  const names = useLoad(async () => {
    const map = new Map<string, string>();
    if (!canReadMembers) return map;
    const page = await api.get<Page<Member>>('/api/v1/members', { limit: 200 });
    for (const m of page.items) map.set(m.userId, m.displayName || m.email);
    return map;
  }, `names:${canReadMembers}`);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters({ ...draft });
  };

  const actorName = (entry: AuditEntry) => {
    if (!entry.actor.id) return entry.actor.type;
    const name = names.data?.get(entry.actor.id);
    return name ?? `${entry.actor.type} ${entry.actor.id.slice(0, 8)}`;
  };

  return (
    <section className="stack adm-page">
      <PageHeader
        title="Audit log"
        description="Every change to the tenant, who made it and from where."
      />
      <form className="card row adm-form-row" onSubmit={apply} aria-label="Filter the audit log">
        <label className="field">
          <span>Action</span>
          <input
            placeholder="member.role_changed"
            value={draft.action}
            onChange={(e) => setDraft({ ...draft, action: e.target.value })}
          />
        </label>
        <label className="field">
          <span>Target type</span>
          <input
            placeholder="document"
            value={draft.targetType}
            onChange={(e) => setDraft({ ...draft, targetType: e.target.value })}
          />
        </label>
        <label className="field grow">
          <span>Target id</span>
          <input
            value={draft.targetId}
            onChange={(e) => setDraft({ ...draft, targetId: e.target.value })}
          />
        </label>
        <button type="submit" className="btn btn-primary adm-align-end">
          Filter
        </button>
        <button
          type="button"
          className="btn adm-align-end"
          onClick={() => {
            setDraft(NO_FILTERS);
            setFilters(NO_FILTERS);
          }}
        >
          Clear
        </button>
      </form>
      <ErrorAlert error={entries.error} />
      <div className="table-wrap">
        <table className="table" data-testid="audit-log">
          <caption className="visually-hidden">Audit entries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Action</th>
              <th scope="col">Actor</th>
              <th scope="col">Target</th>
              <th scope="col">IP</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.items.map((entry) => (
              <AuditRow
                key={entry.id}
                entry={entry}
                actor={actorName(entry)}
                open={open === entry.id}
                onToggle={() => setOpen(open === entry.id ? null : entry.id)}
              />
            ))}
          </tbody>
        </table>
        {!entries.loading && entries.items.length === 0 && (
          <p className="empty">No entries match.</p>
        )}
      </div>
      <Pager
        loading={entries.loading}
        hasMore={entries.hasMore}
        onMore={() => void entries.loadMore()}
      />
    </section>
  );
}

function AuditRow(props: {
  entry: AuditEntry;
  actor: string;
  open: boolean;
  onToggle: () => void;
}): ReactNode {
  const { entry } = props;
  const detailId = `audit-${entry.id}`;
  const hasDetail = entry.before !== null || entry.after !== null || entry.diff !== null;
  return (
    <>
      <tr>
        <td>
          <Time iso={entry.occurredAt} />
        </td>
        <th scope="row">
          <code>{entry.action}</code>
        </th>
        <td>{props.actor}</td>
        <td>
          {entry.target.type && <span>{entry.target.type} </span>}
          {entry.target.id && <code className="adm-break muted">{entry.target.id}</code>}
        </td>
        <td>{entry.ip ?? ''}</td>
        <td>
          <button
            type="button"
            className="btn btn-small"
            aria-expanded={props.open}
            aria-controls={props.open ? detailId : undefined}
            onClick={props.onToggle}
          >
            {props.open ? 'Hide' : 'Show'}
            <span className="visually-hidden"> details of {entry.action}</span>
          </button>
        </td>
      </tr>
      {props.open && (
        <tr id={detailId}>
          <td colSpan={6}>
            <dl className="adm-dl">
              <dt>Request id</dt>
              <dd>
                <code>{entry.requestId ?? '—'}</code>
              </dd>
              {hasDetail ? (
                (['diff', 'before', 'after'] as const).map((k) =>
                  entry[k] === null || entry[k] === undefined ? null : (
                    <div key={k} className="adm-dl-row">
                      <dt>{k}</dt>
                      <dd>
                        <pre className="adm-pre">{JSON.stringify(entry[k], null, 2)}</pre>
                      </dd>
                    </div>
                  ),
                )
              ) : (
                <div className="adm-dl-row">
                  <dt>Changes</dt>
                  <dd className="muted">none recorded</dd>
                </div>
              )}
            </dl>
          </td>
        </tr>
      )}
    </>
  );
}
