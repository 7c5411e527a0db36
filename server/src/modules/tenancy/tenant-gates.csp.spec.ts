import { buildTenantCsp } from './tenant-gates.csp.js';

describe('buildTenantCsp', () => {
  it('is strict without tenant sources', () => {
    expect(buildTenantCsp(undefined)).toBe(
      "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'; form-action 'self'",
    );
  });

  it("adds the tenant's sources per directive on top of 'self', without duplicates", () => {
    const csp = buildTenantCsp({
      imgSrc: ['https://img.example.com', 'data:', 'https://img.example.com'],
      scriptSrc: ['https://js.example.com'],
      frameSrc: [],
    });
    expect(csp.split('; ')).toEqual([
      "default-src 'self'",
      "script-src 'self' https://js.example.com",
      "img-src 'self' https://img.example.com data:",
      "object-src 'none'",
      "base-uri 'self'",
      "frame-ancestors 'self'",
      "form-action 'self'",
    ]);
  });

  it('drops a stored source that could inject a directive or keyword', () => {
    const csp = buildTenantCsp({
      scriptSrc: ["'unsafe-eval'", 'https://ok.example.com; script-src *', 'https://a.example b'],
    });
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('script-src *');
    expect(csp).not.toContain('script-src');
  });
});
