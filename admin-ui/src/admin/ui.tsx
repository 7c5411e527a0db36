import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { errorMessage } from './api.js';

/** The server's error message in an alert that screen readers announce at once. */
export function ErrorAlert(props: { error: unknown; onDismiss?: () => void }): ReactNode {
  if (props.error === undefined || props.error === null) return null;
  return (
    <div className="alert alert-error row" role="alert">
      <span className="grow">{errorMessage(props.error)}</span>
      {props.onDismiss && (
        <button type="button" className="btn btn-ghost btn-small" onClick={props.onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}

/** A polite announcement of what just happened ("Role changed"). */
export function Notice(props: { message: string | undefined }): ReactNode {
  return (
    <div
      role="status"
      aria-live="polite"
      className={props.message ? 'alert alert-success' : 'adm-notice-empty'}
    >
      {props.message}
    </div>
  );
}

/** The page title and an optional line of explanation, with actions on the right. */
export function PageHeader(props: {
  title: string;
  description?: ReactNode;
  children?: ReactNode;
}): ReactNode {
  return (
    <header className="page-header">
      <div>
        <h1>{props.title}</h1>
        {props.description && <p className="muted adm-lede">{props.description}</p>}
      </div>
      {props.children && <div className="row">{props.children}</div>}
    </header>
  );
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A timestamp as a `<time>` element (machine value kept), or a dash. */
export function Time(props: { iso: string | null | undefined; fallback?: string }): ReactNode {
  if (!props.iso) return <span className="muted">{props.fallback ?? '—'}</span>;
  return <time dateTime={props.iso}>{dateFormat.format(new Date(props.iso))}</time>;
}

/**
 * A destructive button that asks once more in place (no modal to trap focus in): the first press
 * turns it into "Confirm" + "Cancel", and focus moves to the confirmation.
 */
export function ConfirmButton(props: {
  label: string;
  confirmLabel?: string;
  /** Names the target for assistive technology ("Revoke key ci-deploy"). */
  accessibleName?: string;
  disabled?: boolean;
  onConfirm: () => void | Promise<void>;
}): ReactNode {
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  // After "Cancel" focus goes back to the button that asked, not to the top of the page.
  const [cancelled, setCancelled] = useState(false);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (cancelled) triggerRef.current?.focus();
  }, [asking, cancelled]);
  if (!asking) {
    return (
      <button
        ref={triggerRef}
        type="button"
        className="btn btn-small"
        disabled={props.disabled}
        aria-label={props.accessibleName}
        onClick={() => {
          setCancelled(false);
          setAsking(true);
        }}
      >
        {props.label}
      </button>
    );
  }
  return (
    <span
      className="row adm-confirm"
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        setCancelled(true);
        setAsking(false);
      }}
    >
      <button
        ref={confirmRef}
        type="button"
        className="btn btn-danger btn-small"
        disabled={props.disabled}
        aria-label={props.accessibleName ? `Confirm: ${props.accessibleName}` : undefined}
        onClick={() => {
          setAsking(false);
          void props.onConfirm();
        }}
      >
        {props.confirmLabel ?? `Confirm ${props.label.toLowerCase()}`}
      </button>
      <button
        type="button"
        className="btn btn-ghost btn-small"
        onClick={() => {
          setCancelled(true);
          setAsking(false);
        }}
      >
        Cancel
      </button>
    </span>
  );
}

/**
 * A secret shown once (an API key, a webhook signing secret, an invitation link): focused when it
 * appears so keyboard and screen-reader users land on it, with a copy button.
 */
export function SecretReveal(props: {
  title: string;
  value: string;
  hint: string;
  onDone: () => void;
}): ReactNode {
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => ref.current?.focus(), [props.value]);
  return (
    <div ref={ref} tabIndex={-1} className="card adm-secret" role="region" aria-labelledby={id}>
      <h2 id={id}>{props.title}</h2>
      <p className="muted">{props.hint}</p>
      <div className="row">
        <code className="adm-secret-value grow" data-testid="secret-value">
          {props.value}
        </code>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            void navigator.clipboard?.writeText(props.value).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          Copy
        </button>
        <button type="button" className="btn btn-small" onClick={props.onDone}>
          Done
        </button>
      </div>
      <span role="status" className="muted">
        {copied ? 'Copied to the clipboard' : ''}
      </span>
    </div>
  );
}

/** A "load more" button under a paginated table, and a loading indicator. */
export function Pager(props: {
  loading: boolean;
  hasMore: boolean;
  onMore: () => void;
}): ReactNode {
  return (
    <div className="row adm-pager">
      {props.loading && (
        <span className="row muted" role="status">
          <span className="spinner" aria-hidden="true" /> Loading…
        </span>
      )}
      {props.hasMore && !props.loading && (
        <button type="button" className="btn" onClick={props.onMore}>
          Load more
        </button>
      )}
    </div>
  );
}

/** A group of checkboxes (permissions, scopes) in a labelled fieldset. */
export function CheckboxGroup(props: {
  legend: string;
  options: readonly string[];
  value: readonly string[];
  /** Options the member may not grant: shown, but disabled. */
  disabledOptions?: ReadonlySet<string>;
  onChange: (value: string[]) => void;
}): ReactNode {
  const chosen = new Set(props.value);
  return (
    <fieldset className="adm-checks">
      <legend>{props.legend}</legend>
      {props.options.map((option) => (
        <label key={option} className="field field-inline adm-check">
          <input
            type="checkbox"
            checked={chosen.has(option)}
            disabled={props.disabledOptions?.has(option)}
            onChange={(event) => {
              const next = new Set(chosen);
              if (event.target.checked) next.add(option);
              else next.delete(option);
              props.onChange(props.options.filter((o) => next.has(o)));
            }}
          />
          <code>{option}</code>
        </label>
      ))}
    </fieldset>
  );
}

/** A status word as a coloured badge (`succeeded`, `pending`, `revoked` …). */
export function StatusBadge(props: { status: string }): ReactNode {
  return (
    <span className={`badge adm-badge-${props.status}`}>{props.status.replace('_', ' ')}</span>
  );
}
