import { canonicalIp, CidrList, parseCidr, parseIp } from './cidr.js';

describe('parseIp', () => {
  it('parses IPv4 and IPv6, collapsing IPv4-mapped IPv6 to IPv4', () => {
    expect(parseIp('192.0.2.1')).toEqual({ family: 4, value: 0xc0000201n });
    expect(parseIp('::ffff:192.0.2.1')).toEqual({ family: 4, value: 0xc0000201n });
    expect(parseIp('::FFFF:c000:0201')).toEqual({ family: 4, value: 0xc0000201n });
    expect(parseIp('::1')).toEqual({ family: 6, value: 1n });
    expect(parseIp('2001:db8::1')).toEqual({
      family: 6,
      value: (0x20010db8n << 96n) | 1n,
    });
    expect(parseIp('1:2:3:4:5:6:7:8')?.value).toBe(0x00010002000300040005000600070008n);
    expect(parseIp('1:2:3:4:5:6:10.0.0.1')?.value).toBe(0x0001000200030004000500060a000001n);
    expect(parseIp('::10.0.0.1')).toEqual({ family: 6, value: 0x0a000001n });
  });

  it('refuses what is not an address', () => {
    for (const bad of [
      '',
      'abc',
      '256.1.1.1',
      '1.2.3',
      '01.2.3.4x',
      'fe80::1%eth0',
      '1::2::3',
      ' ',
    ]) {
      expect(parseIp(bad)).toBeNull();
    }
  });
});

describe('parseCidr', () => {
  it('accepts bare addresses as single-host ranges and masks host bits', () => {
    expect(parseCidr('10.1.2.3')).toEqual({ family: 4, network: 0x0a010203n, prefix: 32 });
    expect(parseCidr('10.1.2.3/8')).toEqual({ family: 4, network: 0x0a000000n, prefix: 8 });
    expect(parseCidr('2001:db8::/32')).toEqual({
      family: 6,
      network: 0x20010db8n << 96n,
      prefix: 32,
    });
    expect(parseCidr('0.0.0.0/0')).toEqual({ family: 4, network: 0n, prefix: 0 });
  });

  it('counts the prefix of an IPv4-mapped range over 128 bits', () => {
    expect(parseCidr('::ffff:10.0.0.0/104')).toEqual({
      family: 4,
      network: 0x0a000000n,
      prefix: 8,
    });
    expect(parseCidr('::ffff:10.0.0.0/90')).toBeNull();
  });

  it('refuses malformed prefixes', () => {
    for (const bad of [
      '10.0.0.0/33',
      '10.0.0.0/-1',
      '10.0.0.0/',
      '10.0.0.0/8/8',
      '::/129',
      '/8',
      'x/8',
    ]) {
      expect(parseCidr(bad)).toBeNull();
    }
  });
});

describe('CidrList', () => {
  const list = new CidrList(['203.0.113.0/24', '2001:db8:abcd::/48', '198.51.100.7']);

  it('matches addresses inside any range', () => {
    expect(list.contains('203.0.113.0')).toBe(true);
    expect(list.contains('203.0.113.255')).toBe(true);
    expect(list.contains('::ffff:203.0.113.9')).toBe(true);
    expect(list.contains('2001:db8:abcd:12::1')).toBe(true);
    expect(list.contains('198.51.100.7')).toBe(true);
  });

  it('does not match neighbours, other families or garbage', () => {
    expect(list.contains('203.0.114.0')).toBe(false);
    expect(list.contains('203.0.112.255')).toBe(false);
    expect(list.contains('198.51.100.8')).toBe(false);
    expect(list.contains('2001:db8:abce::1')).toBe(false);
    expect(list.contains('::cb00:7101')).toBe(false);
    expect(list.contains('not-an-ip')).toBe(false);
    expect(list.contains(undefined)).toBe(false);
  });

  it('matches everything with /0 of the same family only', () => {
    expect(new CidrList(['0.0.0.0/0']).contains('8.8.8.8')).toBe(true);
    expect(new CidrList(['0.0.0.0/0']).contains('::1')).toBe(false);
    expect(new CidrList(['::/0']).contains('::1')).toBe(true);
  });

  it('throws on a malformed entry and reports emptiness', () => {
    expect(() => new CidrList(['10.0.0.0/40'])).toThrow(/not a CIDR/);
    expect(new CidrList([]).isEmpty).toBe(true);
    expect(list.isEmpty).toBe(false);
  });
});

describe('canonicalIp', () => {
  it('writes addresses in one canonical form', () => {
    expect(canonicalIp('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(canonicalIp('2001:0db8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(canonicalIp('::1')).toBe('::1');
    expect(canonicalIp('::')).toBe('::');
    expect(canonicalIp('1:0:0:2:0:0:0:3')).toBe('1:0:0:2::3');
    expect(canonicalIp('1:2:3:4:5:6:7:8')).toBe('1:2:3:4:5:6:7:8');
    expect(canonicalIp('nope')).toBeNull();
  });
});
