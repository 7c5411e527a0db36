import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../platform/logging/logger.js';

/** A logger that keeps its JSON lines for assertions (TEST_LOG=1 also prints them). */
export function createCapturingLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      const text = chunk.toString('utf8');
      if (process.env.TEST_LOG) process.stderr.write(text);
      for (const line of text.split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return { logger: createLogger({ level: 'debug', name: 'test', destination }), lines };
}
