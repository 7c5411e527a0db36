/**
 * Test helpers for the live channel: the real socket.io client over a websocket, every received
 * event recorded, and acknowledged requests with a deadline.
 */
import { io, type Socket } from 'socket.io-client';
import { waitUntil } from './wait.js';

export interface LiveClient {
  readonly socket: Socket;
  /** Every event received, in order, with its payload. */
  readonly events: { name: string; payload: unknown }[];
  /** Sends an event and resolves with the server's acknowledgement. */
  request<T = Record<string, unknown>>(event: string, payload: unknown): Promise<T>;
  /** Resolves with the first recorded event `name` whose payload matches. */
  waitFor<T>(name: string, match?: (payload: T) => boolean, timeoutMs?: number): Promise<T>;
  close(): void;
}

/** Connects to `/live` on the node; resolves once connected, rejects with the connect_error. */
export function connectLive(
  port: number,
  token: string | undefined,
  options: { reconnection?: boolean; extraHeaders?: Record<string, string> } = {},
): Promise<LiveClient> {
  const socket = io(`http://127.0.0.1:${port}`, {
    path: '/live',
    transports: ['websocket'],
    auth: token === undefined ? {} : { token },
    reconnection: options.reconnection ?? false,
    forceNew: true,
    ...(options.extraHeaders ? { extraHeaders: options.extraHeaders } : {}),
  });
  const events: { name: string; payload: unknown }[] = [];
  socket.onAny((name: string, payload: unknown) => events.push({ name, payload }));
  const client: LiveClient = {
    socket,
    events,
    request: (event, payload) => socket.timeout(5000).emitWithAck(event, payload) as Promise<never>,
    waitFor: async <T>(name: string, match?: (payload: T) => boolean, timeoutMs = 5000) => {
      let found: T | undefined;
      await waitUntil(
        () => {
          const hit = events.find(
            (e) => e.name === name && (match === undefined || match(e.payload as T)),
          );
          found = hit?.payload as T | undefined;
          return hit !== undefined;
        },
        `live event ${name}`,
        timeoutMs,
      );
      return found as T;
    },
    close: () => {
      socket.disconnect();
    },
  };
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', (error) => {
      socket.disconnect();
      reject(error);
    });
  });
}

/** The connect_error a refused handshake ends with: its message is the error code. */
export async function refusalOf(
  port: number,
  token: string | undefined,
): Promise<{ message: string; data: unknown }> {
  try {
    const client = await connectLive(port, token);
    client.close();
  } catch (error) {
    const refusal = error as Error & { data?: unknown };
    return { message: refusal.message, data: refusal.data };
  }
  throw new Error('the live handshake was accepted');
}
