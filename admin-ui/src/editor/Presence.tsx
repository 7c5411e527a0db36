import { useEffect, useState, type ReactNode } from 'react';
import { initials } from '../ui/format.js';
import type { DocSession, SessionView } from './session.js';

interface Person {
  id: string;
  name: string;
  color: string;
}

/** Everyone in the document now (awareness), one avatar per person however many tabs they have. */
export function PresenceAvatars({ session }: { session: DocSession }): ReactNode {
  const [people, setPeople] = useState<Person[]>([]);
  useEffect(() => {
    const read = (): void => {
      const byId = new Map<string, Person>();
      for (const state of session.awareness.getStates().values()) {
        const user = (state as { user?: Partial<Person> }).user;
        if (user?.id && !byId.has(user.id)) {
          byId.set(user.id, {
            id: user.id,
            name: user.name ?? 'Someone',
            color: user.color ?? '#666666',
          });
        }
      }
      setPeople([...byId.values()].sort((a, b) => a.name.localeCompare(b.name)));
    };
    read();
    session.awareness.on('change', read);
    return () => session.awareness.off('change', read);
  }, [session]);
  return (
    <ul
      className="avatars"
      aria-label={`${people.length} ${people.length === 1 ? 'person' : 'people'} here`}
    >
      {people.map((p) => (
        <li key={p.id}>
          <Avatar person={p} />
        </li>
      ))}
    </ul>
  );
}

function Avatar({ person }: { person: Person }): ReactNode {
  // The colour is set through the CSSOM by React (the CSP refuses style attributes in markup).
  return (
    <span
      className="avatar"
      title={person.name}
      data-user={person.id}
      style={{ backgroundColor: person.color }}
    >
      <span aria-hidden="true">{initials(person.name)}</span>
      <span className="visually-hidden">{person.name}</span>
    </span>
  );
}

const STATUS_TEXT: Record<SessionView['status'], string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  disconnected: 'Offline — changes are kept and sent on reconnect',
};

/** Connection and persisted-state indicator (announced politely when it changes). */
export function SessionStatus({
  view,
  editable,
}: {
  view: SessionView;
  editable: boolean;
}): ReactNode {
  const saved = !view.synced ? 'Loading…' : view.persisted ? 'All changes saved' : 'Saving…';
  return (
    <div className="editor-status" role="status" aria-live="polite">
      <span data-testid="connection" data-state={view.status}>
        <span className="status-dot" data-state={view.status} aria-hidden="true" />
        {STATUS_TEXT[view.status]}
      </span>
      <span data-testid="persisted" data-persisted={view.persisted ? 'true' : 'false'}>
        {saved}
      </span>
      {editable ? null : <span className="badge">Read only</span>}
    </div>
  );
}
