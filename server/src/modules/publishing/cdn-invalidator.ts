import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';

/** Tells the CDN in front of the delivery API to drop what it holds for some paths. */
export interface CdnInvalidator {
  /** `reference` makes a retry of the same change idempotent (CloudFront's CallerReference). */
  invalidate(paths: readonly string[], reference: string): Promise<void>;
}

/** No CDN (local runs, tests): nothing to tell. */
export const noCdnInvalidator: CdnInvalidator = {
  invalidate: async () => undefined,
};

/** The one method of the CloudFront client used here (a fake stands in for it in unit tests). */
export type CloudFrontSender = Pick<CloudFrontClient, 'send'>;

/** CloudFront: one CreateInvalidation per change, for the given paths of one distribution. */
export class CloudFrontInvalidator implements CdnInvalidator {
  constructor(
    private readonly client: CloudFrontSender,
    private readonly distributionId: string,
  ) {}

  async invalidate(paths: readonly string[], reference: string): Promise<void> {
    if (paths.length === 0) return;
    await this.client.send(
      new CreateInvalidationCommand({
        DistributionId: this.distributionId,
        InvalidationBatch: {
          CallerReference: reference,
          Paths: { Quantity: paths.length, Items: [...paths] },
        },
      }),
    );
  }
}

/** CloudFront when a distribution is configured (credentials from the AWS default chain), else none. */
export function cdnInvalidatorFor(config: {
  CDN_CLOUDFRONT_DISTRIBUTION_ID?: string | undefined;
}): CdnInvalidator {
  const distributionId = config.CDN_CLOUDFRONT_DISTRIBUTION_ID;
  return distributionId
    ? new CloudFrontInvalidator(new CloudFrontClient({}), distributionId)
    : noCdnInvalidator;
}

// Wildcards cover every query string (field selection, include) of a path.
const BASE = '/api/v1/published/documents';

/** The delivery paths whose cached responses a publication of a document makes stale. */
export function publishedPaths(documentId: string, slug: string | null): string[] {
  return [`${BASE}/${documentId}*`, ...(slug ? [`${BASE}/${slug}*`] : []), BASE, `${BASE}?*`];
}
