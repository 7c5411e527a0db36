import { isReservedSlug } from './reserved-slugs.js';

describe('isReservedSlug', () => {
  it.each([
    'www',
    'api',
    'admin',
    'app',
    'platform',
    'static',
    'cdn',
    'mail',
    'www1',
    'www42',
    'xn--bcher-kva',
  ])('reserves %s', (slug) => expect(isReservedSlug(slug)).toBe(true));

  it.each(['acme', 'my-app', 'apiary', 'mailchimp-fans', 'wwwx', 'demo'])(
    'leaves %s to tenants',
    (slug) => expect(isReservedSlug(slug)).toBe(false),
  );
});
