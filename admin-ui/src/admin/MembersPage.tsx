import { useState, type ReactNode } from 'react';
import { useCan, useFolio } from '../app-context.js';
import { seg, StaleError, useAdminApi } from './api.js';
import { useAction, useLoad, usePaged } from './hooks.js';
import type { Member, Page, Role } from './types.js';
import { ConfirmButton, ErrorAlert, Notice, PageHeader, Pager, Time } from './ui.js';

/** Members of the tenant: their roles (changed in place) and removal. */
export function MembersPage(): ReactNode {
  const api = useAdminApi();
  const { me } = useFolio();
  const canManage = useCan('members.manage');
  const members = usePaged(
    (cursor) => api.get<Page<Member>>('/api/v1/members', { limit: 50, cursor }),
    'members',
  );
  const roles = useLoad(
    () => api.get<Page<Role>>('/api/v1/roles', { limit: 200 }).then((p) => p.items),
    'roles',
  );
  const action = useAction();
  const [notice, setNotice] = useState<string>();

  const path = (member: Member) => `/api/v1/members/${seg(member.userId)}`;

  /**
   * The ETag of the member as the page shows them: read now, and refused as stale when someone
   * changed the member since the list was loaded. The change then carries it as If-Match, which
   * also covers a change landing between this read and the write.
   */
  const etagOfShown = async (member: Member): Promise<string | null> => {
    const current = await api.read<{ member: Member }>(path(member));
    if (current.body.member.role !== member.role) throw new StaleError();
    return current.etag;
  };

  const changeRole = async (member: Member, role: string) => {
    setNotice(undefined);
    const result = await action.run(
      async () =>
        (
          await api.change<{ member: Member }>(
            'PATCH',
            path(member),
            { role },
            await etagOfShown(member),
          )
        ).body,
      { onStale: members.reload },
    );
    if (!result) return;
    members.setItems((items) => items.map((m) => (m.userId === member.userId ? result.member : m)));
    setNotice(`${member.displayName || member.email} is now ${roleName(roles.data, role)}.`);
  };

  const remove = async (member: Member) => {
    setNotice(undefined);
    const done = await action.run(
      async () => {
        await api.change('DELETE', path(member), undefined, await etagOfShown(member));
        return true;
      },
      { onStale: members.reload },
    );
    if (!done) return;
    members.setItems((items) => items.filter((m) => m.userId !== member.userId));
    setNotice(`${member.displayName || member.email} was removed from the tenant.`);
  };

  return (
    <section className="stack adm-page">
      <PageHeader
        title="Members"
        description="People with access to this tenant. Removing a member ends their sessions at once."
      />
      <ErrorAlert error={members.error ?? roles.error} />
      <ErrorAlert error={action.error} onDismiss={action.clearError} />
      <Notice message={notice} />
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Members and their roles</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Joined</th>
              {canManage && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {members.items.map((member) => {
              const self = member.userId === me.user.id;
              const name = member.displayName || member.email;
              return (
                <tr key={member.userId}>
                  <th scope="row">
                    {name}
                    {self && <span className="muted"> (you)</span>}
                  </th>
                  <td>{member.email}</td>
                  <td>
                    {canManage && roles.data ? (
                      <select
                        aria-label={`Role of ${name}`}
                        value={member.role}
                        disabled={action.busy}
                        onChange={(e) => void changeRole(member, e.target.value)}
                      >
                        {roles.data.map((role) => (
                          <option key={role.key} value={role.key}>
                            {role.name}
                          </option>
                        ))}
                      </select>
                    ) : (
                      roleName(roles.data, member.role)
                    )}
                  </td>
                  <td>
                    <Time iso={member.joinedAt} />
                  </td>
                  {canManage && (
                    <td>
                      <ConfirmButton
                        label={self ? 'Leave' : 'Remove'}
                        accessibleName={self ? 'Leave this tenant' : `Remove ${name}`}
                        disabled={action.busy}
                        onConfirm={() => remove(member)}
                      />
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
        {!members.loading && members.items.length === 0 && <p className="empty">No members.</p>}
      </div>
      <Pager
        loading={members.loading}
        hasMore={members.hasMore}
        onMore={() => void members.loadMore()}
      />
    </section>
  );
}

function roleName(roles: Role[] | undefined, key: string): string {
  return roles?.find((r) => r.key === key)?.name ?? key;
}
