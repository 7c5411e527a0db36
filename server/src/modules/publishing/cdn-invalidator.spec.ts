import { CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import {
  CloudFrontInvalidator,
  cdnInvalidatorFor,
  noCdnInvalidator,
  publishedPaths,
} from './cdn-invalidator.js';

// The real CloudFront cannot be reached from the test environment: a fake client records what
// the adapter sends, which is the contract that matters (the SDK itself is AWS's to test).
function fakeCloudFront() {
  const sent: unknown[] = [];
  return {
    sent,
    client: {
      send: async (command: unknown) => {
        sent.push(command);
        return {};
      },
    },
  };
}

describe('CloudFrontInvalidator', () => {
  it('sends one CreateInvalidation for the paths, with the reference as CallerReference', async () => {
    const fake = fakeCloudFront();
    const cdn = new CloudFrontInvalidator(fake.client as never, 'E123EXAMPLE');
    const paths = publishedPaths('6f1c0a52-0000-4000-8000-000000000001', 'hello-world');
    await cdn.invalidate(paths, 'folio-42');
    expect(fake.sent).toHaveLength(1);
    const command = fake.sent[0] as CreateInvalidationCommand;
    expect(command).toBeInstanceOf(CreateInvalidationCommand);
    expect(command.input).toEqual({
      DistributionId: 'E123EXAMPLE',
      InvalidationBatch: {
        CallerReference: 'folio-42',
        Paths: {
          Quantity: 4,
          Items: [
            '/api/v1/published/documents/6f1c0a52-0000-4000-8000-000000000001*',
            '/api/v1/published/documents/hello-world*',
            '/api/v1/published/documents',
            '/api/v1/published/documents?*',
          ],
        },
      },
    });
  });

  it('sends nothing for no paths, and surfaces a failing client', async () => {
    const fake = fakeCloudFront();
    await new CloudFrontInvalidator(fake.client as never, 'E1').invalidate([], 'r');
    expect(fake.sent).toHaveLength(0);
    const failing = { send: async () => Promise.reject(new Error('AccessDenied')) };
    await expect(
      new CloudFrontInvalidator(failing as never, 'E1').invalidate(['/x'], 'r'),
    ).rejects.toThrow('AccessDenied');
  });

  it('is CloudFront only when a distribution is configured', () => {
    expect(cdnInvalidatorFor({})).toBe(noCdnInvalidator);
    expect(cdnInvalidatorFor({ CDN_CLOUDFRONT_DISTRIBUTION_ID: 'E1' })).toBeInstanceOf(
      CloudFrontInvalidator,
    );
  });
});
