import { AppError } from '../../platform/errors.js';
import { checkTxtVerification, verificationRecord, type TxtResolver } from './dns-verifier.js';

const answering = (answer: string[][] | { code: string }): TxtResolver => ({
  resolveTxt: () =>
    Array.isArray(answer)
      ? Promise.resolve(answer)
      : Promise.reject(Object.assign(new Error(answer.code), answer)),
});

describe('checkTxtVerification', () => {
  it('names the record to publish', () => {
    expect(verificationRecord('docs.example.com', 'abc')).toEqual({
      type: 'TXT',
      name: '_folio-verify.docs.example.com',
      value: 'folio-verify=abc',
    });
  });

  it('verifies the right token among other records, with chunks joined', async () => {
    const dns = answering([['v=spf1 -all'], ['folio-verify=', 'tok', 'en']]);
    await expect(checkTxtVerification(dns, 'a.example', 'token')).resolves.toBe('verified');
  });

  it('tells a wrong token from a missing record', async () => {
    await expect(
      checkTxtVerification(answering([['folio-verify=other']]), 'a.example', 'token'),
    ).resolves.toBe('mismatch');
    await expect(
      checkTxtVerification(answering([['unrelated']]), 'a.example', 'token'),
    ).resolves.toBe('missing');
    await expect(
      checkTxtVerification(answering({ code: 'ENOTFOUND' }), 'a.example', 'token'),
    ).resolves.toBe('missing');
    await expect(
      checkTxtVerification(answering({ code: 'ENODATA' }), 'a.example', 'token'),
    ).resolves.toBe('missing');
  });

  it('turns a failing resolver into a 503 the client may retry', async () => {
    const error = await checkTxtVerification(
      answering({ code: 'ETIMEOUT' }),
      'a.example',
      't',
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(503);
    expect((error as AppError).expose).toBe(true);
  });
});
