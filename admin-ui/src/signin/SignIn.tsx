import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { FolioClient } from '../app-context.js';
import { createClient, type HostInfo } from '../folio.js';
import { safeLogo } from '../shell/branding.js';
import { ErrorAlert } from '../ui/Alert.js';

type Step = { kind: 'password' } | { kind: 'totp'; complete: (code: string) => Promise<unknown> };

interface Props {
  host: HostInfo;
  /** The client for the host's tenant; null on a shared host until a tenant is typed. */
  folio: FolioClient | null;
  onSignedIn: (folio: FolioClient) => Promise<void>;
}

/** Password sign-in, then a TOTP code when the account has a second factor. */
export function SignIn({ host, folio, onSignedIn }: Props): ReactNode {
  const id = useId();
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const client = useRef<FolioClient | null>(folio);
  const siteName = host.tenant?.name ?? 'Folio';
  const logo = safeLogo(host.branding);

  const run = async (work: () => Promise<void>): Promise<void> => {
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

  const submitPassword = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const slug = String(form.get('tenant') ?? '')
      .trim()
      .toLowerCase();
    void run(async () => {
      if (!client.current) client.current = createClient(slug);
      const folioClient = client.current;
      const result = await folioClient.auth.login({ email, password });
      if (result.status === 'mfa-required') {
        setStep({ kind: 'totp', complete: (code) => result.completeMfa(code) });
        return;
      }
      await onSignedIn(folioClient);
    });
  };

  const submitTotp = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (step.kind !== 'totp') return;
    const code = String(new FormData(event.currentTarget).get('code') ?? '').replace(/\s/g, '');
    void run(async () => {
      await step.complete(code);
      await onSignedIn(client.current!);
    });
  };

  return (
    <main className="signin">
      <div className="card stack">
        <header>
          {logo ? <img className="brand-logo" src={logo} alt={siteName} /> : null}
          <h1>Sign in to {siteName}</h1>
        </header>
        <ErrorAlert error={error} />
        {step.kind === 'password' ? (
          <form className="stack" onSubmit={submitPassword} aria-labelledby={`${id}-h`}>
            <h2 id={`${id}-h`} className="visually-hidden">
              Email and password
            </h2>
            {host.tenant ? null : (
              <label className="field">
                <span>Workspace</span>
                <input name="tenant" required autoComplete="organization" placeholder="acme" />
              </label>
            )}
            <label className="field">
              <span>Email</span>
              <input name="email" type="email" required autoComplete="username" />
            </label>
            <label className="field">
              <span>Password</span>
              <input name="password" type="password" required autoComplete="current-password" />
            </label>
            <button className="btn btn-primary" type="submit" disabled={busy}>
              {busy ? 'Signing in…' : 'Sign in'}
            </button>
          </form>
        ) : (
          <form className="stack" onSubmit={submitTotp}>
            <p>Enter the 6-digit code from your authenticator app, or a recovery code.</p>
            <label className="field">
              <span>Authentication code</span>
              <input
                name="code"
                required
                autoFocus
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9A-Za-z\- ]{6,32}"
              />
            </label>
            <div className="row">
              <button className="btn btn-primary" type="submit" disabled={busy}>
                Verify
              </button>
              <button
                className="btn btn-ghost"
                type="button"
                onClick={() => setStep({ kind: 'password' })}
              >
                Back
              </button>
            </div>
          </form>
        )}
      </div>
    </main>
  );
}
