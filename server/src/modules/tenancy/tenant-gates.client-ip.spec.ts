import { CidrList } from './cidr.js';
import { resolveClientIp, resolveClientProtocol } from './tenant-gates.client-ip.js';

describe('resolveClientIp', () => {
  const none = new CidrList([]);
  const proxies = new CidrList(['10.0.0.0/8', '::1']);

  it('uses the socket peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(resolveClientIp('::ffff:198.51.100.4', '203.0.113.5', none)).toBe('198.51.100.4');
    expect(resolveClientIp('198.51.100.4', '203.0.113.5', proxies)).toBe('198.51.100.4');
    expect(resolveClientIp(undefined, '203.0.113.5', proxies)).toBeNull();
  });

  it('walks X-Forwarded-For from the right through trusted proxies', () => {
    expect(resolveClientIp('10.0.0.1', '203.0.113.5', proxies)).toBe('203.0.113.5');
    expect(resolveClientIp('10.0.0.1', '203.0.113.5, 10.9.9.9', proxies)).toBe('203.0.113.5');
    expect(resolveClientIp('::1', '1.1.1.1, 203.0.113.5', proxies)).toBe('203.0.113.5');
    expect(resolveClientIp('10.0.0.1', '203.0.113.5:4711', proxies)).toBe('203.0.113.5');
    expect(resolveClientIp('10.0.0.1', '[2001:db8::7]:443', proxies)).toBe('2001:db8::7');
  });

  it('stops at a malformed hop and keeps the last vouched-for address', () => {
    expect(resolveClientIp('10.0.0.1', 'evil', proxies)).toBe('10.0.0.1');
    expect(resolveClientIp('10.0.0.1', '203.0.113.5, evil, 10.2.2.2', proxies)).toBe('10.2.2.2');
    expect(resolveClientIp('10.0.0.1', '', proxies)).toBe('10.0.0.1');
  });

  it('falls back to the leftmost hop when every hop is a trusted proxy', () => {
    expect(resolveClientIp('10.0.0.1', '10.3.3.3, 10.2.2.2', proxies)).toBe('10.3.3.3');
  });
});

describe('resolveClientProtocol', () => {
  const proxies = new CidrList(['10.0.0.0/8']);

  it('believes X-Forwarded-Proto only from a trusted proxy', () => {
    expect(resolveClientProtocol('10.0.0.1', 'https', 'http', proxies)).toBe('https');
    expect(resolveClientProtocol('10.0.0.1', 'http, https', 'http', proxies)).toBe('https');
    expect(resolveClientProtocol('198.51.100.1', 'https', 'http', proxies)).toBe('http');
    expect(resolveClientProtocol('10.0.0.1', 'gopher', 'https', proxies)).toBe('https');
    expect(resolveClientProtocol('10.0.0.1', undefined, 'http', proxies)).toBe('http');
  });
});
