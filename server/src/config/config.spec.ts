import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('applies the public defaults', () => {
    const config = loadConfig({}, 'embedded');
    expect(config.PORT).toBe(7410);
    expect(config.FOLIO_BASE_DOMAIN).toBe('localhost');
    expect(config.FOLIO_DATA_DIR).toBe('./.folio');
    expect([...config.roles].sort()).toEqual(['api', 'collab', 'worker']);
  });

  it('names every bad variable at once', () => {
    let caught: unknown;
    try {
      loadConfig({ PORT: 'abc', REDIS_URL: 'http://x', ROLES: 'api,nope' }, 'embedded');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const variables = (caught as ConfigError).problems.map((p) => p.variable).sort();
    expect(variables).toEqual(['PORT', 'REDIS_URL', 'ROLES']);
    expect((caught as ConfigError).message).toContain('PORT');
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', REDIS_URL: '' }, 'embedded').PORT).toBe(7410);
  });

  it('requires a database and a shared secret for fleet members', () => {
    expect(() => loadConfig({}, 'serve')).toThrow(/DATABASE_URL[\s\S]*FOLIO_SECRET/);
    const ok = loadConfig(
      { DATABASE_URL: 'postgres://app@db/folio', FOLIO_SECRET: 'x'.repeat(32) },
      'serve',
    );
    expect(ok.mode).toBe('serve');
  });

  it('refuses REDIS_URL together with REDIS_CLUSTER_NODES', () => {
    expect(() =>
      loadConfig({ REDIS_URL: 'redis://a:6379', REDIS_CLUSTER_NODES: 'a:1,b:2' }, 'embedded'),
    ).toThrow(/REDIS_CLUSTER_NODES/);
  });

  it('parses cluster nodes and rejects malformed ones', () => {
    expect(
      loadConfig({ REDIS_CLUSTER_NODES: '127.0.0.1:7001, 127.0.0.1:7002' }, 'embedded')
        .REDIS_CLUSTER_NODES,
    ).toEqual(['127.0.0.1:7001', '127.0.0.1:7002']);
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'nohost' }, 'embedded')).toThrow(ConfigError);
  });

  it('parses trusted proxies as CIDR ranges, empty by default', () => {
    expect(loadConfig({}, 'embedded').FOLIO_TRUSTED_PROXIES).toEqual([]);
    expect(
      loadConfig({ FOLIO_TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1 ,fd00::/8' }, 'embedded')
        .FOLIO_TRUSTED_PROXIES,
    ).toEqual(['10.0.0.0/8', '127.0.0.1', 'fd00::/8']);
    for (const bad of ['10.0.0.0/33', 'proxy.internal', '10.0.0.0/8/1', '::/129']) {
      expect(() => loadConfig({ FOLIO_TRUSTED_PROXIES: bad }, 'embedded')).toThrow(
        /FOLIO_TRUSTED_PROXIES/,
      );
    }
  });
});
