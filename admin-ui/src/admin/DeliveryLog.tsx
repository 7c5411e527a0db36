import { useEffect, useState, type ReactNode } from 'react';
import { seg, useAdminApi } from './api.js';
import { useAction, useLoad, usePaged } from './hooks.js';
import type { Delivery, DeliveryDetail, DeliveryStatus, Page } from './types.js';
import { ErrorAlert, Pager, StatusBadge, Time } from './ui.js';

const STATUSES: DeliveryStatus[] = ['pending', 'delivering', 'succeeded', 'failed', 'cancelled'];
/** While a delivery is still on its way the log refreshes itself this often. */
const LIVE_REFRESH_MS = 2000;

/** An endpoint's delivery log, newest first; `version` changes when a ping or redelivery was queued. */
export function DeliveryLog(props: { base: string; version: number }): ReactNode {
  const api = useAdminApi();
  const [status, setStatus] = useState<DeliveryStatus | ''>('');
  const [open, setOpen] = useState<string | null>(null);
  const log = usePaged(
    (cursor) =>
      api.get<Page<Delivery>>(`${props.base}/deliveries`, {
        limit: 20,
        cursor,
        status: status || undefined,
      }),
    `${props.base}:${status}:${props.version}`,
  );

  const inFlight = log.items.some((d) => d.status === 'pending' || d.status === 'delivering');
  const { reload, loading } = log;
  useEffect(() => {
    if (!inFlight || loading) return;
    const timer = window.setTimeout(() => void reload(), LIVE_REFRESH_MS);
    return () => window.clearTimeout(timer);
  }, [inFlight, loading, reload]);

  return (
    <div className="card stack" aria-labelledby="delivery-log-title">
      <div className="row">
        <h2 id="delivery-log-title" className="grow">
          Delivery log
        </h2>
        <label className="field field-inline">
          <span>Status</span>
          <select value={status} onChange={(e) => setStatus(e.target.value as DeliveryStatus | '')}>
            <option value="">All</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn-small" onClick={() => void log.reload()}>
          Refresh
        </button>
      </div>
      <ErrorAlert error={log.error} />
      <div className="table-wrap">
        <table className="table" data-testid="delivery-log">
          <caption className="visually-hidden">Deliveries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Response</th>
              <th scope="col">Created</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {log.items.map((d) => (
              <DeliveryRow
                key={d.id}
                delivery={d}
                base={props.base}
                open={open === d.id}
                onToggle={() => setOpen(open === d.id ? null : d.id)}
                onRedelivered={() => void log.reload()}
              />
            ))}
          </tbody>
        </table>
        {!log.loading && log.items.length === 0 && <p className="empty">No deliveries yet.</p>}
      </div>
      <Pager loading={log.loading} hasMore={log.hasMore} onMore={() => void log.loadMore()} />
    </div>
  );
}

function DeliveryRow(props: {
  delivery: Delivery;
  base: string;
  open: boolean;
  onToggle: () => void;
  onRedelivered: () => void;
}): ReactNode {
  const d = props.delivery;
  const detailId = `delivery-${d.id}`;
  return (
    <>
      <tr data-status={d.status}>
        <th scope="row">
          <code>{d.eventType}</code>
        </th>
        <td>
          <StatusBadge status={d.status} />
          {d.nextAttemptAt && (
            <div className="muted">
              next try <Time iso={d.nextAttemptAt} />
            </div>
          )}
        </td>
        <td>{d.attempts}</td>
        <td>
          {d.lastStatusCode !== null ? `HTTP ${d.lastStatusCode}` : ''}
          {d.lastError && <div className="muted adm-break">{d.lastError}</div>}
        </td>
        <td>
          <Time iso={d.createdAt} />
        </td>
        <td>
          <button
            type="button"
            className="btn btn-small"
            aria-expanded={props.open}
            aria-controls={props.open ? detailId : undefined}
            onClick={props.onToggle}
          >
            {props.open ? 'Hide' : 'Show'}
            <span className="visually-hidden"> delivery {d.eventType}</span>
          </button>
        </td>
      </tr>
      {props.open && (
        <tr id={detailId}>
          <td colSpan={6}>
            <DeliveryDetailView
              path={`${props.base}/deliveries/${seg(d.id)}`}
              onRedelivered={props.onRedelivered}
            />
          </td>
        </tr>
      )}
    </>
  );
}

function DeliveryDetailView(props: { path: string; onRedelivered: () => void }): ReactNode {
  const api = useAdminApi();
  const detail = useLoad(() => api.get<DeliveryDetail>(props.path), props.path);
  const action = useAction();
  const d = detail.data;
  const redeliver = async () => {
    const created = await action.run(() => api.post<DeliveryDetail>(`${props.path}/redeliver`));
    if (created) props.onRedelivered();
  };
  return (
    <div className="stack">
      <ErrorAlert error={detail.error} />
      <ErrorAlert error={action.error} onDismiss={action.clearError} />
      {d && (
        <>
          <div className="row">
            <span className="grow muted">
              Delivery <code>{d.id}</code>, event <code>{d.eventId}</code>
            </span>
            <button
              type="button"
              className="btn btn-small"
              disabled={action.busy || d.status === 'pending' || d.status === 'delivering'}
              onClick={() => void redeliver()}
            >
              Redeliver
            </button>
          </div>
          <h4>Attempts</h4>
          {d.attemptLog.length === 0 ? (
            <p className="muted">Not attempted yet.</p>
          ) : (
            <ol className="adm-attempts">
              {d.attemptLog.map((a) => (
                <li key={a.attempt}>
                  <Time iso={a.at} /> —{' '}
                  {a.statusCode !== null ? `HTTP ${a.statusCode}` : 'no response'} in {a.durationMs}{' '}
                  ms{a.error ? ` (${a.error})` : ''}
                </li>
              ))}
            </ol>
          )}
          {d.responseExcerpt && (
            <>
              <h4>Response</h4>
              <pre className="adm-pre">{d.responseExcerpt}</pre>
            </>
          )}
          <h4>Request body</h4>
          <pre className="adm-pre">{JSON.stringify(d.requestBody, null, 2)}</pre>
        </>
      )}
    </div>
  );
}
