/**
 * One in-flight run of an async task at a time: callers that arrive while it runs share its
 * result. Refresh tokens rotate on use (reusing one revokes the session), so concurrent refreshes
 * must collapse into one request.
 */
export class SingleFlight<T> {
  private pending: Promise<T> | null = null;

  constructor(private readonly task: () => Promise<T>) {}

  /** Runs the task, or joins the run already in flight. */
  run(): Promise<T> {
    this.pending ??= this.task().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  /** Whether a run is in flight. */
  get isRunning(): boolean {
    return this.pending !== null;
  }
}
