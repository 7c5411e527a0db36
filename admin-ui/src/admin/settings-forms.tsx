import { useState, type FormEvent, type ReactNode } from 'react';
import type { TenantSettings, TenantView } from './types.js';

/** A `PATCH /api/v1/tenant` body: a name and/or settings replaced per top-level key. */
export type Patch = { name?: string; settings?: Partial<Record<keyof TenantSettings, unknown>> };

/** Drops empty strings so an emptied field removes the setting instead of failing validation. */
export function compact<T extends Record<string, string>>(values: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(values).filter(([, v]) => v.trim() !== ''),
  ) as Partial<T>;
}

/** One settings section: a form in a card whose fieldset is disabled for read-only members. */
export function SettingsForm(props: {
  title: string;
  saveLabel?: string;
  description?: string;
  disabled: boolean;
  onSave: (form: FormData) => Promise<void> | void;
  children: ReactNode;
}): ReactNode {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void props.onSave(new FormData(event.currentTarget));
  };
  return (
    <form className="card" onSubmit={submit}>
      <fieldset className="adm-fieldset stack" disabled={props.disabled}>
        <legend>
          <h2>{props.title}</h2>
        </legend>
        {props.description && <p className="muted">{props.description}</p>}
        {props.children}
        <div className="row">
          <button type="submit" className="btn btn-primary">
            {props.saveLabel ?? `Save ${props.title.toLowerCase()}`}
          </button>
        </div>
      </fieldset>
    </form>
  );
}

/** The branding colour (picker and code kept in step) and logo. */
export function BrandingForm(props: {
  tenant: TenantView;
  disabled: boolean;
  onSave: (patch: Patch, what: string) => Promise<void>;
}): ReactNode {
  const branding = props.tenant.settings.branding ?? {};
  const [color, setColor] = useState(branding.primaryColor ?? '#1a73e8');
  const [logoUrl, setLogoUrl] = useState(branding.logoUrl ?? '');
  const valid = /^#[0-9a-f]{6}$/i.test(color);
  return (
    <SettingsForm
      title="Branding"
      description="The colour and logo of the admin UI, sign-in and system pages."
      disabled={props.disabled}
      onSave={() =>
        props.onSave(
          { settings: { branding: compact({ primaryColor: color, logoUrl }) } },
          'Branding',
        )
      }
    >
      <div className="row adm-form-row">
        <label className="field">
          <span>Primary colour</span>
          <input
            className="adm-color"
            type="color"
            value={valid ? color : '#000000'}
            onChange={(e) => setColor(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Colour code</span>
          <input
            name="primaryColor"
            pattern="#[0-9a-fA-F]{6}"
            title="A colour like #1a73e8"
            value={color}
            onChange={(e) => setColor(e.target.value)}
          />
        </label>
        <span
          className="adm-swatch"
          style={{ background: valid ? color : 'transparent' }}
          aria-hidden="true"
        />
        <label className="field grow">
          <span>Logo URL</span>
          <input
            type="url"
            value={logoUrl}
            onChange={(e) => setLogoUrl(e.target.value)}
            placeholder="https://…/logo.svg"
          />
        </label>
      </div>
    </SettingsForm>
  );
}

/** The tenant's status; maintenance is set by platform operators, so this only explains it. */
export function MaintenanceCard(props: { tenant: TenantView }): ReactNode {
  const status = props.tenant.status;
  return (
    <div className="card stack" aria-labelledby="maintenance-title">
      <h2 id="maintenance-title">Status and maintenance</h2>
      <p>
        This tenant is{' '}
        <strong data-testid="tenant-status">
          {status === 'active'
            ? 'active'
            : status === 'maintenance'
              ? 'in maintenance'
              : 'suspended'}
        </strong>
        .{' '}
        {status === 'maintenance'
          ? 'Visitors get a branded "down for maintenance" page and API clients a 503 until it ends; sign-in stays open.'
          : 'Maintenance windows and suspensions are set by the platform operators, who bring the tenant back.'}
      </p>
    </div>
  );
}
