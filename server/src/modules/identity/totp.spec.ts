import {
  base32Decode,
  base32Encode,
  generateTotpSecret,
  hotp,
  matchTotp,
  otpauthUrl,
  totp,
  totpStep,
  type HotpAlgorithm,
} from './totp.js';

const SEEDS: Record<HotpAlgorithm, Buffer> = {
  sha1: Buffer.from('12345678901234567890'),
  sha256: Buffer.from('12345678901234567890123456789012'),
  sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
};

describe('HOTP (RFC 4226 appendix D)', () => {
  const expected = [
    '755224',
    '287082',
    '359152',
    '969429',
    '338314',
    '254676',
    '287922',
    '162583',
    '399871',
    '520489',
  ];
  it.each(expected.map((code, counter) => [counter, code]))('counter %i → %s', (counter, code) => {
    expect(hotp(SEEDS.sha1, counter)).toBe(code);
  });
});

describe('TOTP (RFC 6238 appendix B, 8 digits)', () => {
  const vectors: [number, HotpAlgorithm, string][] = [
    [59, 'sha1', '94287082'],
    [59, 'sha256', '46119246'],
    [59, 'sha512', '90693936'],
    [1111111109, 'sha1', '07081804'],
    [1111111109, 'sha256', '68084774'],
    [1111111109, 'sha512', '25091201'],
    [1111111111, 'sha1', '14050471'],
    [1111111111, 'sha256', '67062674'],
    [1111111111, 'sha512', '99943326'],
    [1234567890, 'sha1', '89005924'],
    [1234567890, 'sha256', '91819424'],
    [1234567890, 'sha512', '93441116'],
    [2000000000, 'sha1', '69279037'],
    [2000000000, 'sha256', '90698825'],
    [2000000000, 'sha512', '38618901'],
    [20000000000, 'sha1', '65353130'],
    [20000000000, 'sha256', '77737706'],
    [20000000000, 'sha512', '47863826'],
  ];
  it.each(vectors)('T=%i %s → %s', (seconds, algorithm, code) => {
    expect(totp(SEEDS[algorithm], seconds * 1000, { digits: 8, algorithm })).toBe(code);
  });

  it('gives the 6-digit form as the last six digits of the 8-digit one', () => {
    expect(totp(SEEDS.sha1, 59_000)).toBe('287082');
  });
});

describe('base32 (RFC 4648 section 10, unpadded)', () => {
  const vectors: [string, string][] = [
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ];
  it.each(vectors)('%j ⇄ %s', (plain, encoded) => {
    expect(base32Encode(Buffer.from(plain))).toBe(encoded);
    expect(base32Decode(encoded).toString()).toBe(plain);
  });

  it('decodes case-insensitively, ignoring padding and spaces, and rejects other characters', () => {
    expect(base32Decode('mzxw 6ytb oi======').toString()).toBe('foobar');
    expect(() => base32Decode('MZXW1')).toThrow(/base32/);
  });

  it('round-trips a generated 160-bit secret', () => {
    const secret = generateTotpSecret();
    expect(secret).toHaveLength(20);
    expect(base32Decode(base32Encode(secret)).equals(secret)).toBe(true);
  });
});

describe('matchTotp', () => {
  const secret = SEEDS.sha1;
  const now = 1_700_000_015_000;
  const step = totpStep(now);
  const at = (s: number) => hotp(secret, s);

  it('accepts the current step and one step either side, naming the step matched', () => {
    expect(matchTotp(secret, at(step), now, null)).toBe(step);
    expect(matchTotp(secret, at(step - 1), now, null)).toBe(step - 1);
    expect(matchTotp(secret, at(step + 1), now, null)).toBe(step + 1);
  });

  it('rejects codes two steps away', () => {
    expect(matchTotp(secret, at(step - 2), now, null)).toBeNull();
    expect(matchTotp(secret, at(step + 2), now, null)).toBeNull();
  });

  it('rejects a step already used, and any older one', () => {
    expect(matchTotp(secret, at(step), now, step)).toBeNull();
    expect(matchTotp(secret, at(step - 1), now, step)).toBeNull();
    expect(matchTotp(secret, at(step + 1), now, step)).toBe(step + 1);
  });

  it('rejects anything that is not six digits', () => {
    for (const code of ['', '12345', '1234567', 'abcdef', ` ${at(step)}`]) {
      expect(matchTotp(secret, code, now, null)).toBeNull();
    }
  });
});

describe('otpauthUrl', () => {
  it('builds a Key Uri Format URL with escaped label and the enrolment parameters', () => {
    const url = new URL(
      otpauthUrl({ issuer: 'Folio', account: 'a+b@example.test', secret: 'MZXW6YTBOI' }),
    );
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(url.pathname).toBe('/Folio:a%2Bb%40example.test');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      secret: 'MZXW6YTBOI',
      issuer: 'Folio',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });
});
