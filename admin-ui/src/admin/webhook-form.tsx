import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { WebhookEndpoint } from './types.js';

/** The editable settings of an endpoint (the create body, or any subset of it for PATCH). */
export interface WebhookDraft {
  url: string;
  description: string;
  eventTypes: string[];
  isActive: boolean;
  debounceMs: number;
}

/** Event types and families an endpoint may subscribe to (docs/api-webhooks.md). */
export const EVENT_TYPE_SUGGESTIONS = [
  '*',
  'document.*',
  'document.published',
  'document.unpublished',
  'workflow.*',
  'version.*',
  'comment.*',
  'content_type.*',
];

/** A draft from an endpoint as the server returned it. */
export function draftOf(endpoint: WebhookEndpoint): WebhookDraft {
  return {
    url: endpoint.url,
    description: endpoint.description,
    eventTypes: endpoint.eventTypes,
    isActive: endpoint.isActive,
    debounceMs: endpoint.debounceMs,
  };
}

function parseTypes(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}

/** The endpoint form, shared by "add" and "edit". */
export function WebhookForm(props: {
  initial: WebhookDraft;
  submitLabel: string;
  busy: boolean;
  onSubmit: (draft: WebhookDraft) => Promise<boolean>;
  onCancel?: () => void;
}): ReactNode {
  const hintId = useId();
  const [draft, setDraft] = useState(props.initial);
  const [types, setTypes] = useState(props.initial.eventTypes.join(', '));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await props.onSubmit({ ...draft, eventTypes: parseTypes(types) });
    if (ok && !props.onCancel) {
      setDraft(props.initial);
      setTypes(props.initial.eventTypes.join(', '));
    }
  };
  return (
    <form className="stack" onSubmit={(e) => void submit(e)}>
      <div className="row adm-form-row">
        <label className="field grow">
          <span>Payload URL</span>
          <input
            type="url"
            required
            placeholder="https://hooks.example.com/folio"
            value={draft.url}
            onChange={(e) => setDraft({ ...draft, url: e.target.value })}
          />
        </label>
        <label className="field grow">
          <span>Description</span>
          <input
            maxLength={500}
            value={draft.description}
            onChange={(e) => setDraft({ ...draft, description: e.target.value })}
          />
        </label>
      </div>
      <div className="row adm-form-row">
        <label className="field grow">
          <span>Events</span>
          <input
            required
            list={`${hintId}-types`}
            aria-describedby={hintId}
            value={types}
            onChange={(e) => setTypes(e.target.value)}
          />
          <datalist id={`${hintId}-types`}>
            {EVENT_TYPE_SUGGESTIONS.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
          <small id={hintId} className="muted">
            Comma-separated: exact types (document.published), families (workflow.*) or * for every
            event.
          </small>
        </label>
        <label className="field">
          <span>Debounce (ms)</span>
          <input
            type="number"
            min={0}
            max={3_600_000}
            step={100}
            value={draft.debounceMs}
            onChange={(e) => setDraft({ ...draft, debounceMs: Number(e.target.value) || 0 })}
          />
        </label>
        <label className="field field-inline adm-align-end">
          <input
            type="checkbox"
            checked={draft.isActive}
            onChange={(e) => setDraft({ ...draft, isActive: e.target.checked })}
          />
          Active
        </label>
      </div>
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={props.busy}>
          {props.submitLabel}
        </button>
        {props.onCancel && (
          <button type="button" className="btn" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
