import { useState, type FormEvent, type ReactNode } from 'react';
import { seg, useAdminApi } from './api.js';
import { useAction, useLoad, usePaged } from './hooks.js';
import type { Invitation, InvitationStatus, IssuedInvitation, Page, Role } from './types.js';
import {
  ConfirmButton,
  ErrorAlert,
  Notice,
  PageHeader,
  Pager,
  SecretReveal,
  StatusBadge,
  Time,
} from './ui.js';

const STATUSES: InvitationStatus[] = ['pending', 'expired', 'accepted', 'revoked'];

/** Invite people by email; the one-time link is shown to hand over (there is no mailer yet). */
export function InvitationsPage(): ReactNode {
  const api = useAdminApi();
  const [status, setStatus] = useState<InvitationStatus | ''>('pending');
  const invitations = usePaged(
    (cursor) =>
      api.get<Page<Invitation>>('/api/v1/invitations', {
        limit: 50,
        cursor,
        status: status || undefined,
      }),
    `invitations:${status}`,
  );
  const roles = useLoad(
    () => api.get<Page<Role>>('/api/v1/roles', { limit: 200 }).then((p) => p.items),
    'roles',
  );
  const action = useAction();
  const [issued, setIssued] = useState<IssuedInvitation>();
  const [notice, setNotice] = useState<string>();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('editor');

  const invite = async (event: FormEvent) => {
    event.preventDefault();
    setNotice(undefined);
    const result = await action.run(() =>
      api.post<IssuedInvitation>('/api/v1/invitations', { email, role }),
    );
    if (!result) return;
    setIssued(result);
    setEmail('');
    await invitations.reload();
  };

  const resend = async (invitation: Invitation) => {
    setNotice(undefined);
    const result = await action.run(() =>
      api.post<IssuedInvitation>(`/api/v1/invitations/${seg(invitation.id)}/resend`),
    );
    if (!result) return;
    setIssued(result);
    await invitations.reload();
  };

  const revoke = async (invitation: Invitation) => {
    setNotice(undefined);
    const result = await action.run(() =>
      api.del<{ invitation: Invitation }>(`/api/v1/invitations/${seg(invitation.id)}`),
    );
    if (!result) return;
    invitations.setItems((items) =>
      items.map((i) => (i.id === invitation.id ? result.invitation : i)),
    );
    setNotice(`The invitation of ${invitation.email} was revoked.`);
  };

  return (
    <section className="stack adm-page">
      <PageHeader
        title="Invitations"
        description="Invite someone with a role. Hand them the link: it works once and expires."
      />
      <form className="card row adm-form-row" onSubmit={(e) => void invite(e)}>
        <label className="field grow">
          <span>Email</span>
          <input
            type="email"
            required
            autoComplete="off"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Role</span>
          <select value={role} onChange={(e) => setRole(e.target.value)}>
            {(roles.data ?? [{ key: 'editor', name: 'Editor' }]).map((r) => (
              <option key={r.key} value={r.key}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn btn-primary adm-align-end" disabled={action.busy}>
          Send invitation
        </button>
      </form>
      <ErrorAlert error={invitations.error ?? roles.error} />
      <ErrorAlert error={action.error} onDismiss={action.clearError} />
      <Notice message={notice} />
      {issued && (
        <SecretReveal
          title={`Invitation link for ${issued.invitation.email}`}
          hint={`Send this link to ${issued.invitation.email}; it expires ${new Date(issued.invitation.expiresAt).toLocaleString()} and is not shown again.`}
          value={issued.acceptUrl}
          onDone={() => setIssued(undefined)}
        />
      )}
      <div className="toolbar">
        <label className="field">
          <span>Show</span>
          <select
            value={status}
            onChange={(e) => setStatus(e.target.value as InvitationStatus | '')}
          >
            <option value="">All invitations</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s[0]!.toUpperCase() + s.slice(1)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Invitations</caption>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Sent</th>
              <th scope="col">Expires</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {invitations.items.map((invitation) => (
              <tr key={invitation.id}>
                <th scope="row">{invitation.email}</th>
                <td>{invitation.role}</td>
                <td>
                  <StatusBadge status={invitation.status} />
                </td>
                <td>
                  <Time iso={invitation.createdAt} />
                </td>
                <td>
                  <Time iso={invitation.expiresAt} />
                </td>
                <td className="row">
                  {(invitation.status === 'pending' || invitation.status === 'expired') && (
                    <button
                      type="button"
                      className="btn btn-small"
                      aria-label={`Resend the invitation of ${invitation.email}`}
                      disabled={action.busy}
                      onClick={() => void resend(invitation)}
                    >
                      Resend
                    </button>
                  )}
                  {invitation.status === 'pending' && (
                    <ConfirmButton
                      label="Revoke"
                      accessibleName={`Revoke the invitation of ${invitation.email}`}
                      disabled={action.busy}
                      onConfirm={() => revoke(invitation)}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {!invitations.loading && invitations.items.length === 0 && (
          <p className="empty">No invitations{status ? ` ${status}` : ''}.</p>
        )}
      </div>
      <Pager
        loading={invitations.loading}
        hasMore={invitations.hasMore}
        onMore={() => void invitations.loadMore()}
      />
    </section>
  );
}
