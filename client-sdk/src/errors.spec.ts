import { FolioApiError } from './errors.js';

describe('FolioApiError.from', () => {
  it('reads the server envelope', () => {
    const error = FolioApiError.from(409, {
      error: { code: 'conflict', message: 'Taken', details: { slug: 'x' } },
    });
    expect(error).toMatchObject({
      status: 409,
      code: 'conflict',
      message: 'Taken',
      details: { slug: 'x' },
    });
  });

  it('names responses without an envelope by their status', () => {
    expect(FolioApiError.from(502, '<html>', 'Bad Gateway')).toMatchObject({
      code: 'server_error',
      message: 'Bad Gateway',
    });
    expect(FolioApiError.from(404, undefined)).toMatchObject({
      code: 'http_error',
      message: 'HTTP 404',
    });
  });
});
