import { escapeHtml, renderBrandedPage } from './branded-page.js';

describe('renderBrandedPage', () => {
  it('escapes every tenant-controlled value', () => {
    const { html } = renderBrandedPage({
      status: 403,
      title: 'Site suspended',
      message: '<img src=x onerror=alert(1)> is suspended',
      tenant: {
        name: '"><script>alert(1)</script>',
        settings: { supportContact: { email: 'a"b@example.com' } },
      },
    });
    expect(html).not.toMatch(/<script>|<img src=x/);
    expect(html).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // A malformed stored email is left out rather than written into an href.
    expect(html).not.toContain('mailto:');
  });

  it('wears the tenant branding, falling back to Folio defaults for bad stored values', () => {
    const branded = renderBrandedPage({
      status: 503,
      title: 'Down for maintenance',
      message: 'Back soon',
      retryAfterSeconds: 300,
      tenant: {
        name: 'Acme',
        settings: {
          branding: { logoUrl: 'https://cdn.acme.test/logo.svg?v=1&x=2', primaryColor: '#AbCdEf' },
          supportContact: { email: 'help@acme.test', url: 'https://acme.test/help' },
        },
      },
    });
    expect(branded.html).toContain('src="https://cdn.acme.test/logo.svg?v=1&amp;x=2" alt="Acme"');
    expect(branded.html).toContain('--brand: #AbCdEf');
    expect(branded.html).toContain('href="mailto:help@acme.test"');
    expect(branded.html).toContain('href="https://acme.test/help"');
    expect(branded.html).toContain('about 5 minute(s)');
    expect(branded.csp).toContain('img-src https://cdn.acme.test');

    const tampered = renderBrandedPage({
      status: 403,
      title: 't',
      message: 'm',
      tenant: {
        name: 'Acme',
        settings: {
          branding: { logoUrl: 'javascript:alert(1)', primaryColor: 'red;}body{display:none' },
          supportContact: { url: 'data:text/html,hi' },
        },
      },
    });
    expect(tampered.html).not.toContain('javascript:');
    expect(tampered.html).not.toContain('display:none');
    expect(tampered.html).not.toContain('data:text');
    expect(tampered.html).toContain('--brand: #1a73e8');
    expect(tampered.csp).toContain("img-src 'none'");
  });

  it('uses a fresh style nonce per page, and the CSP allows nothing else', () => {
    const a = renderBrandedPage({ status: 404, title: 'Site not found', message: 'm' });
    const b = renderBrandedPage({ status: 404, title: 'Site not found', message: 'm' });
    const nonceOf = (csp: string) => /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonceOf(a.csp)).toBeDefined();
    expect(nonceOf(a.csp)).not.toBe(nonceOf(b.csp));
    expect(a.html).toContain(`<style nonce="${nonceOf(a.csp)}">`);
    expect(a.html).toContain('<div class="name">Folio</div>');
    expect(a.csp).toContain("default-src 'none'");
    expect(a.csp).toContain("frame-ancestors 'none'");
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML specials and backticks', () => {
    expect(escapeHtml(`<a href="x" title='y'>&\`</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;',
    );
  });
});
