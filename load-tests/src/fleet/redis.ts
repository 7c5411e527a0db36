/**
 * The little the benchmark itself asks of Redis, over a plain RESP connection (load-tests has no
 * Redis client dependency and needs four commands): INFO for redis-server's pid and command count,
 * SCAN + UNLINK to remove the run's keys afterwards. Commands run one at a time.
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';

type Reply = string | number | null | Reply[];

const COMMAND_TIMEOUT_MS = 10_000;

/** A reply being parsed: `null` when the buffer does not hold all of it yet. */
type Parsed = { value: Reply; end: number } | null;

function parseReply(buffer: Buffer, start: number): Parsed {
  const lineEnd = buffer.indexOf('\r\n', start);
  if (lineEnd < 0) return null;
  const type = String.fromCharCode(buffer[start]!);
  const line = buffer.toString('utf8', start + 1, lineEnd);
  switch (type) {
    case '+':
      return { value: line, end: lineEnd + 2 };
    case '-':
      throw new Error(`Redis: ${line}`);
    case ':':
      return { value: Number(line), end: lineEnd + 2 };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, end: lineEnd + 2 };
      const end = lineEnd + 2 + length;
      if (buffer.length < end + 2) return null;
      return { value: buffer.toString('utf8', lineEnd + 2, end), end: end + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, end: lineEnd + 2 };
      const items: Reply[] = [];
      let at = lineEnd + 2;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buffer, at);
        if (item === null) return null;
        items.push(item.value);
        at = item.end;
      }
      return { value: items, end: at };
    }
    default:
      throw new Error(`Redis: unexpected reply type ${JSON.stringify(type)}`);
  }
}

function encode(args: readonly string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

/** One RESP connection; `command` calls are serialised by the caller awaiting each. */
export class RedisConnection {
  private buffer = Buffer.alloc(0);
  private pending: { resolve: (r: Reply) => void; reject: (e: Error) => void } | null = null;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('Redis connection closed')));
  }

  /** Connects to `redis://[user:password@]host[:port][/db]`. */
  static async open(url: string): Promise<RedisConnection> {
    const parsed = new URL(url);
    const socket = connect(Number(parsed.port || 6379), parsed.hostname || '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const connection = new RedisConnection(socket);
    if (parsed.password !== '') {
      const user = decodeURIComponent(parsed.username);
      const password = decodeURIComponent(parsed.password);
      await connection.command(...(user ? ['AUTH', user, password] : ['AUTH', password]));
    }
    const db = parsed.pathname.replace('/', '');
    if (db !== '') await connection.command('SELECT', db);
    return connection;
  }

  command(...args: string[]): Promise<Reply> {
    if (this.pending !== null) throw new Error('one Redis command at a time');
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(
        () => this.fail(new Error(`Redis ${args[0]} timed out`)),
        COMMAND_TIMEOUT_MS,
      );
      this.pending = {
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.socket.write(encode(args));
    });
  }

  /** `INFO <section>` as a map of its `key:value` lines. */
  async info(section: string): Promise<Map<string, string>> {
    const reply = await this.command('INFO', section);
    const fields = new Map<string, string>();
    for (const line of String(reply).split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith('#'))
        fields.set(line.slice(0, colon), line.slice(colon + 1));
    }
    return fields;
  }

  /** Unlinks every key matching `pattern` (SCAN, so Redis is never blocked); returns the count. */
  async deleteMatching(pattern: string): Promise<number> {
    let cursor = '0';
    let deleted = 0;
    do {
      const reply = await this.command('SCAN', cursor, 'MATCH', pattern, 'COUNT', '1000');
      const [next, keys] = reply as [string, string[]];
      cursor = next;
      if (keys.length > 0) deleted += Number(await this.command('UNLINK', ...keys));
    } while (cursor !== '0');
    return deleted;
  }

  close(): void {
    this.pending = null;
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const pending = this.pending;
    if (pending === null) return;
    let parsed: Parsed;
    try {
      parsed = parseReply(this.buffer, 0);
    } catch (error) {
      this.buffer = Buffer.alloc(0);
      this.pending = null;
      pending.reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (parsed === null) return;
    this.buffer = this.buffer.subarray(parsed.end);
    this.pending = null;
    pending.resolve(parsed.value);
  }

  private fail(error: Error): void {
    const pending = this.pending;
    this.pending = null;
    pending?.reject(error);
  }
}

/**
 * redis-server's pid from `INFO server`, when this machine's /proc shows that process (Redis in
 * a container or on another host reports a pid that is not ours to read): null otherwise.
 */
export function localRedisPid(serverInfo: Map<string, string>): number | null {
  const pid = Number(serverInfo.get('process_id'));
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    const comm = readFileSync(`/proc/${pid}/comm`, 'utf8');
    return comm.includes('redis') ? pid : null;
  } catch (_error) {
    // No such process here: Redis runs elsewhere (or in another pid namespace).
    return null;
  }
}
