import { useEffect, useState, type ReactNode } from 'react';
import * as Y from 'yjs';
import type { FieldDef } from '../types.js';
import type { DocSession } from './session.js';

/** The value a simple input shows for a field (Y.Text and other shared types as text). */
function display(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (value instanceof Y.Text) return value.toString();
  return JSON.stringify(value);
}

function FieldInput(props: {
  field: FieldDef;
  value: unknown;
  editable: boolean;
  onChange: (value: unknown) => void;
}): ReactNode {
  const { field, value, editable, onChange } = props;
  const id = `field-${field.key}`;
  const label = (
    <label htmlFor={id}>
      {field.label}
      {field.required ? ' (required)' : ''}
    </label>
  );
  if (field.kind === 'boolean') {
    return (
      <div className="field field-inline">
        <input
          id={id}
          type="checkbox"
          checked={value === true}
          disabled={!editable}
          onChange={(e) => onChange(e.target.checked)}
        />
        {label}
      </div>
    );
  }
  if (field.kind === 'number') {
    return (
      <div className="field">
        {label}
        <input
          id={id}
          type="number"
          readOnly={!editable}
          value={display(value)}
          {...(field.min !== undefined ? { min: field.min } : {})}
          {...(field.max !== undefined ? { max: field.max } : {})}
          onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
        />
      </div>
    );
  }
  if (field.kind === 'text' || field.kind === 'date' || field.kind === 'reference') {
    const long = field.kind === 'text' && (field.maxLength ?? 1000) > 200;
    return (
      <div className="field">
        {label}
        {long ? (
          <textarea
            id={id}
            readOnly={!editable}
            value={display(value)}
            maxLength={field.maxLength}
            onChange={(e) => onChange(e.target.value)}
          />
        ) : (
          <input
            id={id}
            type={field.kind === 'date' ? 'date' : 'text'}
            readOnly={!editable}
            value={display(value)}
            maxLength={field.maxLength}
            onChange={(e) => onChange(e.target.value)}
          />
        )}
        {field.description ? <small className="muted">{field.description}</small> : null}
      </div>
    );
  }
  // Rich text, media and lists have no editor here yet: shown, not edited.
  return (
    <div className="field">
      <span>{field.label}</span>
      <output id={id} className="muted">
        {display(value) || '—'}
      </output>
    </div>
  );
}

/** The content type's structured fields, bound live to the session's `fields` map. */
export function FieldsPanel(props: {
  session: DocSession;
  fields: FieldDef[];
  editable: boolean;
}): ReactNode {
  const { session, fields, editable } = props;
  const [values, setValues] = useState<Record<string, unknown>>({});
  useEffect(() => {
    const read = (): void => setValues(Object.fromEntries(session.fields.entries()));
    read();
    session.fields.observeDeep(read);
    return () => session.fields.unobserveDeep(read);
  }, [session]);
  if (fields.length === 0) return null;
  return (
    <fieldset className="card stack">
      <legend>Fields</legend>
      {fields.map((field) => (
        <FieldInput
          key={field.key}
          field={field}
          value={values[field.key]}
          editable={editable}
          onChange={(value) => {
            if (value === null || value === '') session.fields.delete(field.key);
            else session.fields.set(field.key, value);
          }}
        />
      ))}
    </fieldset>
  );
}
