import { checkUrlSyntax, nonPublicRange, TargetRefused, vetTarget } from './target-guard.js';

describe('nonPublicRange', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.10', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified ("this network")'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fd12:3456::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['2002:c0a8:0101::1', 'private'],
  ])('refuses %s (%s)', (address, range) => {
    expect(nonPublicRange(address)).toBe(range);
  });

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
  ])('accepts the public address %s', (address) => {
    expect(nonPublicRange(address)).toBeNull();
  });
});

describe('vetTarget', () => {
  const refusal = async (
    url: string,
    lookup?: () => Promise<{ address: string; family: number }[]>,
  ) => {
    const error = await vetTarget(url, {
      allowPrivate: false,
      ...(lookup ? { lookup } : {}),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TargetRefused);
    return (error as TargetRefused).reason;
  };

  it('refuses other schemes and credentials', async () => {
    expect(await refusal('ftp://example.com/')).toMatch(/https/);
    expect(await refusal('https://user:pw@example.com/')).toMatch(/credentials/);
    expect(() => checkUrlSyntax('not a url')).toThrow(TargetRefused);
  });

  it('refuses a host any of whose addresses is private', async () => {
    const lookup = () =>
      Promise.resolve([
        { address: '93.184.216.34', family: 4 },
        { address: '10.0.0.7', family: 4 },
      ]);
    expect(await refusal('https://mixed.example/', lookup)).toMatch(/10\.0\.0\.7, a private/);
  });

  it('refuses bracketed IPv6 literals without a lookup', async () => {
    expect(await refusal('http://[::1]:8080/hook')).toMatch(/loopback/);
  });

  it('returns the vetted address to connect to', async () => {
    const target = await vetTarget('https://hooks.example:8443/in', {
      allowPrivate: false,
      lookup: () => Promise.resolve([{ address: '93.184.216.34', family: 4 }]),
    });
    expect(target).toMatchObject({
      hostname: 'hooks.example',
      address: '93.184.216.34',
      family: 4,
    });
  });

  it('lets private targets through when allowed', async () => {
    await expect(vetTarget('http://127.0.0.1:9/', { allowPrivate: true })).resolves.toMatchObject({
      address: '127.0.0.1',
    });
  });
});
