/**
 * The optimistic-concurrency contract every ETag'd REST resource keeps, as one check the
 * resources' integration tests run against the real server: a read sends an ETag; a change
 * without If-Match applies (and sends the new ETag); a change with the stale ETag is refused with
 * 412 and the current representation, and changes nothing; the fresh ETag is accepted.
 */
import type { Response, Test } from 'supertest';

/** How to read, pick out and change one resource. */
export interface IfMatchSubject {
  /** GET of the resource. */
  read(): Test;
  /** The representation the ETag tags, out of a read's body (e.g. `body.member`). */
  pick(body: Record<string, unknown>): unknown;
  /** The change under test (PATCH/PUT/DELETE), with If-Match when given. */
  change(ifMatch?: string): Test;
  /** Another client's change, without If-Match, that makes earlier ETags stale. */
  interfere(): Test;
}

function etagOf(res: Response): string {
  const etag = res.headers.etag;
  if (!etag || !/^"[^"]+"$/.test(etag)) throw new Error(`no strong ETag on ${res.status}: ${etag}`);
  return etag;
}

/** Runs the contract; returns the response of the accepted change. */
export async function checkIfMatch(subject: IfMatchSubject): Promise<Response> {
  const first = await subject.read().expect(200);
  const stale = etagOf(first);
  // Missing If-Match: behaviour unchanged, the change applies.
  const interfered = await subject.interfere();
  if (interfered.status >= 300) throw new Error(`interfere answered ${interfered.status}`);
  const now = await subject.read().expect(200);
  const fresh = etagOf(now);
  if (fresh === stale) throw new Error('the interfering change did not change the ETag');
  if (interfered.headers.etag && interfered.status !== 204) {
    if (interfered.headers.etag !== fresh)
      throw new Error('a change sent another ETag than a read');
  }

  const refused = await subject.change(stale);
  if (refused.status !== 412) throw new Error(`stale If-Match answered ${refused.status}`);
  const error = refused.body.error as { code: string; details: { etag: string; current: unknown } };
  if (error.code !== 'precondition_failed') throw new Error(`code ${error.code}`);
  expect(error.details.etag).toBe(fresh);
  expect(error.details.current).toEqual(subject.pick(now.body as Record<string, unknown>));
  // Refused means untouched.
  const after = await subject.read().expect(200);
  expect(etagOf(after)).toBe(fresh);

  // A list naming the current tag among others matches too; a weak form of it as well.
  const accepted = await subject.change(`"nope", W/${fresh}`);
  if (accepted.status >= 300) {
    throw new Error(`fresh If-Match answered ${accepted.status}: ${accepted.text}`);
  }
  return accepted;
}
