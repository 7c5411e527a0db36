import { tenantBaseUrl } from './tenant-url.js';

describe('tenantBaseUrl', () => {
  it('takes scheme and explicit port from FOLIO_PUBLIC_URL', () => {
    expect(
      tenantBaseUrl('acme.folio.example', { publicUrl: 'https://folio.example', port: 7410 }),
    ).toBe('https://acme.folio.example');
    expect(tenantBaseUrl('acme.localhost', { publicUrl: 'http://localhost:7410/' })).toBe(
      'http://acme.localhost:7410',
    );
  });

  it('falls back to http and the listening port, leaving out 80 and 0', () => {
    expect(tenantBaseUrl('acme.localhost', { port: 7410 })).toBe('http://acme.localhost:7410');
    expect(tenantBaseUrl('acme.localhost', { port: 80 })).toBe('http://acme.localhost');
    expect(tenantBaseUrl('docs.acme.com', { port: 0 })).toBe('http://docs.acme.com');
  });
});
