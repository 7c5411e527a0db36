/** A minimal typed event emitter (no Node `events`: the SDK runs in browsers). */

/** Listener maps: event name → argument type. */
export type EventMap = Record<string, unknown>;

/** Emits typed events; `on` returns the unsubscribe function. */
export class Emitter<Events extends EventMap> {
  private readonly listeners = new Map<keyof Events, Set<(value: never) => void>>();

  /** Subscribes; returns a function that unsubscribes. */
  on<K extends keyof Events>(event: K, listener: (value: Events[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => this.off(event, listener);
  }

  /** Unsubscribes a listener added with `on`. */
  off<K extends keyof Events>(event: K, listener: (value: Events[K]) => void): void {
    this.listeners.get(event)?.delete(listener);
  }

  /** Calls every listener; one that throws does not stop the others. */
  emit<K extends keyof Events>(event: K, value: Events[K]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        (listener as (value: Events[K]) => void)(value);
      } catch (error) {
        // A listener's bug must not break the session's state machine.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  /** Drops every listener (destroy). */
  clear(): void {
    this.listeners.clear();
  }
}
