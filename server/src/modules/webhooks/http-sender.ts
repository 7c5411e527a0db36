/**
 * One POST to a vetted webhook target. The socket connects to the address that was checked
 * (the `lookup` hook answers with it), while `Host` and TLS SNI/certificate checks use the URL's
 * host name. Redirects are not followed; the response is read up to RESPONSE_EXCERPT_BYTES.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { VettedTarget } from './target-guard.js';

/** How much of a response body the delivery log keeps. */
export const RESPONSE_EXCERPT_BYTES = 2048;

/** What the receiver answered. */
export interface SendResult {
  readonly statusCode: number;
  readonly excerpt: string;
}

/** Posts body to the target; rejects on network errors and after timeoutMs. */
export function sendToTarget(
  target: VettedTarget,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<SendResult> {
  const pinned: LookupFunction = (_host, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const { url } = target;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<SendResult>((resolve, reject) => {
    const request = client.request(
      {
        method: 'POST',
        protocol: url.protocol,
        hostname: target.hostname,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        lookup: pinned,
        agent: false,
        headers: {
          ...headers,
          'Content-Type': 'application/json',
          'Content-Length': String(Buffer.byteLength(body)),
          'User-Agent': 'Folio-Webhooks/1',
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          clearTimeout(timer);
          resolve({
            statusCode: response.statusCode ?? 0,
            excerpt: Buffer.concat(chunks)
              .subarray(0, RESPONSE_EXCERPT_BYTES)
              .toString('utf8')
              .replaceAll('\u0000', ''),
          });
        };
        response.on('data', (chunk: Buffer) => {
          if (size >= RESPONSE_EXCERPT_BYTES) return;
          chunks.push(chunk);
          size += chunk.length;
          // Enough for the log: stop reading a large body rather than buffering it.
          if (size >= RESPONSE_EXCERPT_BYTES) {
            response.destroy();
            done();
          }
        });
        response.on('end', done);
        response.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
      },
    );
    const timer = setTimeout(
      () => request.destroy(new Error(`timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(body);
  });
}
