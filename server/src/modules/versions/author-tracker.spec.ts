import { documentKey } from '../collab/index.js';
import { AuthorTracker } from './author-tracker.js';

const change = (userId: string | null, documentId = 'd1') => ({
  key: documentKey('t1', documentId),
  tenantId: 't1',
  documentId,
  userId,
});

describe('AuthorTracker', () => {
  it('credits each member once per document, and no one for server changes', () => {
    const tracker = new AuthorTracker();
    tracker.record(change('u2'));
    tracker.record(change('u1'));
    tracker.record(change('u2'));
    tracker.record(change(null));
    tracker.record(change('u3', 'd2'));
    expect(tracker.claim('t1', 'd1').authors).toEqual(['u1', 'u2']);
    expect(tracker.claim('t1', 'd2').authors).toEqual(['u3']);
    expect(tracker.claim('t2', 'd1').authors).toEqual([]);
  });

  it('forgets only what a settled claim saw; unsettled claims forget nothing', () => {
    const tracker = new AuthorTracker();
    tracker.record(change('u1'));
    tracker.record(change('u2'));
    tracker.claim('t1', 'd1');
    expect(tracker.claim('t1', 'd1').authors).toEqual(['u1', 'u2']);
    const claim = tracker.claim('t1', 'd1');
    // u2 edits again while the version is being written: that edit is not in it.
    tracker.record(change('u2'));
    claim.settle();
    expect(tracker.claim('t1', 'd1').authors).toEqual(['u2']);
    tracker.claim('t1', 'd1').settle();
    expect(tracker.claim('t1', 'd1').authors).toEqual([]);
    tracker.record(change('u1'));
    tracker.forget('t1', 'd1');
    expect(tracker.claim('t1', 'd1').authors).toEqual([]);
  });

  it('listens to a content port until unsubscribed', () => {
    const listeners: ((c: ReturnType<typeof change>) => void)[] = [];
    const content = {
      onChange: (listener: (c: ReturnType<typeof change>) => void) => {
        listeners.push(listener);
        return () => listeners.splice(listeners.indexOf(listener), 1);
      },
    };
    const tracker = new AuthorTracker();
    const stop = tracker.listen(content);
    listeners.forEach((l) => l(change('u1')));
    stop();
    listeners.forEach((l) => l(change('u9')));
    expect(tracker.claim('t1', 'd1').authors).toEqual(['u1']);
  });
});
