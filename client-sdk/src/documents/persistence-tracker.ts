/**
 * Maps the server's `persist-ack` counts back to local changes (docs/collab-protocol.md): every
 * local change gets the next sequence number; every document message sent on a connection
 * records the newest local change it covers; an ack of n (the connection's first n document
 * messages are durable) makes the changes recorded at message n durable.
 *
 * Coverage is what makes this sound: a connection's first document message is the sync step 2
 * answering the server's step 1, which carries every local change the server lacks, and only
 * after it do live updates go out (the session holds them back until then). So message n covers
 * every local change made before it was sent.
 */

/** Tracks local changes against durable acknowledgements; see the file comment. */
export class PersistenceTracker {
  private localSeq = 0;
  private durableSeq = 0;
  /** Per connection: the local sequence each sent document message covers, oldest first. */
  private sent: { readonly index: number; readonly seq: number }[] = [];
  private sentCount = 0;
  private waiters: { readonly target: number; readonly resolve: () => void }[] = [];

  constructor(private readonly onChange: (persisted: boolean) => void) {}

  /** Every local change so far is durable on the server. */
  get persisted(): boolean {
    return this.durableSeq >= this.localSeq;
  }

  /** A local change was made (a user edit, or one restored from IndexedDB). */
  localChange(): void {
    const was = this.persisted;
    this.localSeq += 1;
    if (was) this.onChange(false);
  }

  /** A new connection: its messages are counted from one again; older acks cannot arrive. */
  connectionStarted(): void {
    this.sent = [];
    this.sentCount = 0;
  }

  /** A document message (sync step 2 or update) went out, covering every change made so far. */
  documentMessageSent(): void {
    this.sentCount += 1;
    this.sent.push({ index: this.sentCount, seq: this.localSeq });
  }

  /** The server confirmed the connection's first `count` document messages durable. */
  acknowledged(count: number): void {
    let newest = -1;
    while (this.sent.length > 0 && this.sent[0]!.index <= count) newest = this.sent.shift()!.seq;
    if (newest <= this.durableSeq) return;
    const was = this.persisted;
    this.durableSeq = newest;
    this.waiters = this.waiters.filter((waiter) => {
      if (waiter.target > this.durableSeq) return true;
      waiter.resolve();
      return false;
    });
    if (!was && this.persisted) this.onChange(true);
  }

  /** Resolves once every local change made before the call is durable. */
  whenPersisted(): Promise<void> {
    const target = this.localSeq;
    if (this.durableSeq >= target) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ target, resolve }));
  }
}
