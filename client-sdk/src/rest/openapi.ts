/**
 * Generated from the server's OpenAPI document by client-sdk/scripts/generate-types.mjs.
 * Do not edit: run `npm run generate:types --workspace client-sdk` after changing a route.
 */
/* eslint-disable */
export interface paths {
  '/api/v1/api-keys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List the tenant's API keys
     * @description Requires the `apiKeys.manage` permission.
     */
    get: operations['getApiKeys'];
    put?: never;
    /**
     * Create an API key with scopes; the token is shown once
     * @description Requires the `apiKeys.manage` permission.
     */
    post: operations['postApiKeys'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/api-keys/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * One API key
     * @description Requires the `apiKeys.manage` permission.
     */
    get: operations['getApiKeysById'];
    put?: never;
    post?: never;
    /**
     * Revoke an API key
     * @description Requires the `apiKeys.manage` permission.
     */
    delete: operations['deleteApiKeysById'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/audit-log': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The tenant's audit log, newest first
     * @description Requires the `audit.read` permission.
     */
    get: operations['getAuditLog'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Sign in with email and password (and a second factor when enrolled)
     * @description Open without credentials.
     */
    post: operations['postAuthLogin'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/logout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * End this session
     * @description Requires the `member` permission.
     */
    post: operations['postAuthLogout'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/logout-all': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * End every one of the user's sessions in this tenant
     * @description Requires the `member` permission.
     */
    post: operations['postAuthLogoutAll'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The signed-in member: user, role and permissions
     * @description Requires the `member` permission.
     */
    get: operations['getAuthMe'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/mfa/recovery-codes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Replace the recovery codes (needs a current code)
     * @description Requires the `member` permission.
     */
    post: operations['postAuthMfaRecoveryCodes'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/mfa/totp/disable': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Turn the second factor off (needs a current code)
     * @description Requires the `member` permission.
     */
    post: operations['postAuthMfaTotpDisable'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/mfa/totp/enrol': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Start TOTP enrolment: a secret and an otpauth URL
     * @description Requires the `member` permission.
     */
    post: operations['postAuthMfaTotpEnrol'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/mfa/totp/verify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Confirm TOTP enrolment with a code; returns recovery codes
     * @description Requires the `member` permission.
     */
    post: operations['postAuthMfaTotpVerify'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/refresh': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Rotate a refresh token for a new pair
     * @description Open without credentials.
     */
    post: operations['postAuthRefresh'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/tenants': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The signed-in user's tenants, for the tenant switcher
     * @description Requires the `member` permission.
     */
    get: operations['getAuthTenants'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/content-types': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List built-in and custom content types
     * @description Requires the `documents.read` permission.
     */
    get: operations['getContentTypes'];
    put?: never;
    /**
     * Create a custom content type
     * @description Requires the `settings.manage` permission.
     */
    post: operations['postContentTypes'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/content-types/{key}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * One content type with its fields
     * @description Requires the `documents.read` permission.
     */
    get: operations['getContentTypesByKey'];
    put?: never;
    post?: never;
    /**
     * Delete an unused custom content type
     * @description Requires the `settings.manage` permission.
     */
    delete: operations['deleteContentTypesByKey'];
    options?: never;
    head?: never;
    /**
     * Change a custom content type (fields, name, description)
     * @description Requires the `settings.manage` permission.
     */
    patch: operations['patchContentTypesByKey'];
    trace?: never;
  };
  '/api/v1/docs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A browsable page rendering this document
     * @description Open without credentials.
     */
    get: operations['getDocs'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/documents': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List documents
     * @description Requires the `documents.read` permission.
     */
    get: operations['getDocuments'];
    put?: never;
    /**
     * Create a document of a content type
     * @description Requires the `documents.write` permission.
     */
    post: operations['postDocuments'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/documents/{documentId}/comments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List threads (filter by status)
     * @description Requires the `documents.read` permission.
     */
    get: operations['getDocumentsByDocumentIdComments'];
    put?: never;
    /**
     * Start a thread anchored at a text range
     * @description Requires the `documents.comment` permission.
     */
    post: operations['postDocumentsByDocumentIdComments'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/documents/{documentId}/comments/{threadId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * One thread with its comments
     * @description Requires the `documents.read` permission.
     */
    get: operations['getDocumentsByDocumentIdCommentsByThreadId'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/documents/{documentId}/comments/{threadId}/comments/{commentId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * One comment (ETag)
     * @description Requires the `documents.read` permission.
     */
    get: operations['getDocumentsByDocumentIdCommentsByThreadIdCommentsByCommentId'];
    put?: never;
    post?: never;
    /**
     * Delete a comment (your own, or any with documents.delete)
     * @description With `If-Match` (the ETag a read returned), 412 `precondition_failed` with `details.current` when it changed since.
     *
     *     Requires the `documents.read` permission.
     */
    delete: operations['deleteDocumentsByDocumentIdCommentsByThreadIdCommentsByCommentId'];
    options?: never;
    head?: never;
    /**
     * Edit your own comment
     * @description With `If-Match` (the ETag a read returned), 412 `precondition_failed` with `details.current` when it changed since.
     *
     *     Requires the `documents.comment` permission.
     */
    patch: operations['patchDocumentsByDocumentIdCommentsByThreadIdCommentsByCommentId'];
    trace?: never;
  };
  '/api/v1/documents/{documentId}/comments/{threadId}/reopen': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Reopen a resolved thread
     * @description Requires the `documents.comment` permission.
     */
    post: operations['postDocumentsByDocumentIdCommentsByThreadIdReopen'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/documents/{documentId}/comments/{threadId}/replies': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Reply to a thread
     * @description Requires the `documents.comment` permission.
     */
    post: operations['postDocumentsByDocumentIdCommentsByThreadIdReplies'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/documents/{documentId}/comments/{threadId}/resolve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Resolve a thread
     * @description Requires the `documents.comment` permission.
     */
    post: operations['postDocumentsByDocumentIdCommentsByThreadIdResolve'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/documents/{documentId}/content': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A document's live content: fields, body and rendered HTML
     * @description Requires the `documents.read` permission.
     */
    get: operations['getDocumentsByDocumentIdContent'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/documents/{documentId}/preview-tokens': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Create a preview link to a document (a version, or its newest)
     * @description Requires the `documents.read` permission.
     */
    post: operations['postDocumentsByDocumentIdPreviewTokens'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/documents/{documentId}/versions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List versions, newest first
     * @description Requires the `documents.read` permission.
     */
    get: operations['getDocumentsByDocumentIdVersions'];
    put?: never;
    /**
     * Freeze the live content as a new version (optionally labelled)
     * @description Requires the `documents.write` permission.
     */
    post: operations['postDocumentsByDocumentIdVersions'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/documents/{documentId}/versions/{versionId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * One version with its rendered content
     * @description Requires the `documents.read` permission.
     */
    get: operations['getDocumentsByDocumentIdVersionsByVersionId'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/documents/{documentId}/versions/{versionId}/restore': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Restore a version into the live document (as a new version)
     * @description Requires the `documents.write` permission.
     */
    post: operations['postDocumentsByDocumentIdVersionsByVersionIdRestore'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/documents/{documentId}/versions/compare': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Compare two versions field by field
     * @description Requires the `documents.read` permission.
     */
    get: operations['getDocumentsByDocumentIdVersionsCompare'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/documents/{documentId}/workflow': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The document's stage, available transitions and reviews
     * @description Requires the `documents.read` permission.
     */
    get: operations['getDocumentsByDocumentIdWorkflow'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/documents/{documentId}/workflow/assignment': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /**
     * Assign reviewers (workflow.review or documents.write)
     * @description Requires the `documents.write` permission.
     */
    put: operations['putDocumentsByDocumentIdWorkflowAssignment'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/documents/{documentId}/workflow/reviews': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Approve or request changes
     * @description Requires the `workflow.review` permission.
     */
    post: operations['postDocumentsByDocumentIdWorkflowReviews'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/documents/{documentId}/workflow/schedules': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Pending scheduled transitions
     * @description Requires the `documents.read` permission.
     */
    get: operations['getDocumentsByDocumentIdWorkflowSchedules'];
    put?: never;
    /**
     * Schedule a transition (publish by default) for later
     * @description Requires the `documents.read` permission.
     */
    post: operations['postDocumentsByDocumentIdWorkflowSchedules'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/documents/{documentId}/workflow/schedules/{scheduleId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * One scheduled transition, in any status (ETag)
     * @description Requires the `documents.read` permission.
     */
    get: operations['getDocumentsByDocumentIdWorkflowSchedulesByScheduleId'];
    put?: never;
    post?: never;
    /**
     * Cancel a scheduled transition
     * @description With `If-Match` (the ETag a read returned), 412 `precondition_failed` with `details.current` when it changed since.
     *
     *     Requires the `documents.read` permission.
     */
    delete: operations['deleteDocumentsByDocumentIdWorkflowSchedulesByScheduleId'];
    options?: never;
    head?: never;
    /**
     * Move a scheduled transition
     * @description With `If-Match` (the ETag a read returned), 412 `precondition_failed` with `details.current` when it changed since.
     *
     *     Requires the `documents.read` permission.
     */
    patch: operations['patchDocumentsByDocumentIdWorkflowSchedulesByScheduleId'];
    trace?: never;
  };
  '/api/v1/documents/{documentId}/workflow/transitions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Run a transition (its own permission and guards apply)
     * @description Requires the `documents.read` permission.
     */
    post: operations['postDocumentsByDocumentIdWorkflowTransitions'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/documents/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * One document
     * @description Requires the `documents.read` permission.
     */
    get: operations['getDocumentsById'];
    put?: never;
    post?: never;
    /**
     * Delete a document and everything it owns
     * @description Requires the `documents.delete` permission.
     */
    delete: operations['deleteDocumentsById'];
    options?: never;
    head?: never;
    /**
     * Rename a document or change its slug
     * @description Requires the `documents.write` permission.
     */
    patch: operations['patchDocumentsById'];
    trace?: never;
  };
  '/api/v1/domains': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List custom domains
     * @description Requires the `domains.manage` permission.
     */
    get: operations['getDomains'];
    put?: never;
    /**
     * Add a custom domain (unverified until its TXT record is found)
     * @description Requires the `domains.manage` permission.
     */
    post: operations['postDomains'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/domains/{host}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Remove a custom domain
     * @description Requires the `domains.manage` permission.
     */
    delete: operations['deleteDomainsByHost'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/domains/{host}/primary': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Make a verified domain the primary host
     * @description Requires the `domains.manage` permission.
     */
    post: operations['postDomainsByHostPrimary'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/domains/{host}/verify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Check the TXT record and verify the domain
     * @description Requires the `domains.manage` permission.
     */
    post: operations['postDomainsByHostVerify'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/invitations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List invitations
     * @description Requires the `invitations.manage` permission.
     */
    get: operations['getInvitations'];
    put?: never;
    /**
     * Invite someone by email with a role
     * @description Requires the `invitations.manage` permission.
     */
    post: operations['postInvitations'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/invitations/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Revoke a pending invitation
     * @description Requires the `invitations.manage` permission.
     */
    delete: operations['deleteInvitationsById'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/invitations/{id}/resend': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Issue a fresh token for a pending invitation
     * @description Requires the `invitations.manage` permission.
     */
    post: operations['postInvitationsByIdResend'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/invitations/accept': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Accept an invitation with its token (new or existing user)
     * @description Open without credentials.
     */
    post: operations['postInvitationsAccept'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/members': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List members
     * @description Requires the `members.read` permission.
     */
    get: operations['getMembers'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/members/{userId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * One member (ETag: of the `member` object)
     * @description Requires the `members.read` permission.
     */
    get: operations['getMembersByUserId'];
    put?: never;
    post?: never;
    /**
     * Remove a member (members.manage, or yourself)
     * @description With `If-Match` (the ETag a read returned), 412 `precondition_failed` with `details.current` when it changed since.
     *
     *     Requires the `members.manage` permission.
     */
    delete: operations['deleteMembersByUserId'];
    options?: never;
    head?: never;
    /**
     * Change a member's role
     * @description With `If-Match` (the ETag a read returned), 412 `precondition_failed` with `details.current` when it changed since.
     *
     *     Requires the `members.manage` permission.
     */
    patch: operations['patchMembersByUserId'];
    trace?: never;
  };
  '/api/v1/openapi.json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * This OpenAPI 3.1 document
     * @description Open without credentials.
     */
    get: operations['getOpenapiJson'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/published/documents': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List published documents, newest publication first
     * @description Keyset pagination (`cursor` = a previous `nextCursor`). `fields=a,b` keeps only those keys of `fields`; body and HTML are left out unless `include=body,html`. Sends `ETag` (If-None-Match → 304), `Cache-Control` (public for API keys, private for members) and `Surrogate-Key`.
     *
     *     Requires the `published.read` permission.
     */
    get: operations['getPublishedDocuments'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/published/documents/{idOrSlug}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * One published document by id or slug (never a draft)
     * @description Body and HTML are included by default (`include=` for neither). 404 when the document is not published.
     *
     *     Requires the `published.read` permission.
     */
    get: operations['getPublishedDocumentsByIdOrSlug'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/published/preview': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Read a document version through a preview token (no other credentials)
     * @description The pinned version, or the newest version at read time. `Cache-Control: private, no-store`. Expired or tampered → 401 `unauthenticated` (`details.reason` expired|invalid); another tenant → 404.
     *
     *     Open without credentials.
     */
    get: operations['getPublishedPreview'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/roles': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List built-in and custom roles
     * @description Requires the `members.read` permission.
     */
    get: operations['getRoles'];
    put?: never;
    /**
     * Create a custom role
     * @description Requires the `roles.manage` permission.
     */
    post: operations['postRoles'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/roles/{key}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * One role with its member count (ETag: of the role without the count)
     * @description Requires the `members.read` permission.
     */
    get: operations['getRolesByKey'];
    put?: never;
    post?: never;
    /**
     * Delete an unused custom role
     * @description With `If-Match` (the ETag a read returned), 412 `precondition_failed` with `details.current` when it changed since.
     *
     *     Requires the `roles.manage` permission.
     */
    delete: operations['deleteRolesByKey'];
    options?: never;
    head?: never;
    /**
     * Rename a custom role or change its permissions
     * @description With `If-Match` (the ETag a read returned), 412 `precondition_failed` with `details.current` when it changed since.
     *
     *     Requires the `roles.manage` permission.
     */
    patch: operations['patchRolesByKey'];
    trace?: never;
  };
  '/api/v1/search': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Full-text search over documents, members and the audit log
     * @description Each type needs its own read permission (documents.read, members.read, audit.read); types the caller may not read are left out and listed in `omitted`.
     *
     *     Requires the `authenticated` permission.
     */
    get: operations['getSearch'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/signup': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Create a tenant and its owner, signed in
     * @description Open without credentials.
     */
    post: operations['postSignup'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tenant': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The current tenant, its settings and effective quotas (ETag)
     * @description Requires the `authenticated` permission.
     */
    get: operations['getTenant'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Change the tenant name, settings or features
     * @description With `If-Match` (the ETag a read returned), 412 `precondition_failed` with `details.current` when it changed since.
     *
     *     Requires the `settings.manage` permission.
     */
    patch: operations['patchTenant'];
    trace?: never;
  };
  '/api/v1/usage': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The tenant's plan limits against current usage, with daily activity
     * @description Meters (documents, members, storage bytes, API keys, webhooks) against the effective quotas, and one entry per UTC day for the last `days` days, counted from stored rows. API requests are rate limited per minute but not recorded, so no request series exists.
     *
     *     Requires the `settings.manage` permission.
     */
    get: operations['getUsage'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhooks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List the tenant's webhook endpoints (secrets by id only)
     * @description Requires the `webhooks.manage` permission.
     */
    get: operations['getWebhooks'];
    put?: never;
    /**
     * Create an endpoint; its first signing secret is returned this once
     * @description The URL must be http(s), without credentials, and resolve to public addresses only (400 `validation_failed` otherwise).
     *
     *     Requires the `webhooks.manage` permission.
     */
    post: operations['postWebhooks'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhooks/{endpointId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * One endpoint
     * @description Requires the `webhooks.manage` permission.
     */
    get: operations['getWebhooksByEndpointId'];
    put?: never;
    post?: never;
    /**
     * Delete an endpoint and its delivery log
     * @description Requires the `webhooks.manage` permission.
     */
    delete: operations['deleteWebhooksByEndpointId'];
    options?: never;
    head?: never;
    /**
     * Change an endpoint's URL, description, event types, activity or debounce
     * @description With `If-Match`, 412 `precondition_failed` when the endpoint changed since.
     *
     *     Requires the `webhooks.manage` permission.
     */
    patch: operations['patchWebhooksByEndpointId'];
    trace?: never;
  };
  '/api/v1/webhooks/{endpointId}/deliveries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The endpoint's delivery log, newest first
     * @description Requires the `webhooks.manage` permission.
     */
    get: operations['getWebhooksByEndpointIdDeliveries'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhooks/{endpointId}/deliveries/{deliveryId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * One delivery with its request body, attempts and response excerpt
     * @description Requires the `webhooks.manage` permission.
     */
    get: operations['getWebhooksByEndpointIdDeliveriesByDeliveryId'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhooks/{endpointId}/deliveries/{deliveryId}/redeliver': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Deliver a finished delivery's event again, as a new delivery
     * @description Requires the `webhooks.manage` permission.
     */
    post: operations['postWebhooksByEndpointIdDeliveriesByDeliveryIdRedeliver'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhooks/{endpointId}/ping': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Send a `webhook.ping` event to the endpoint
     * @description Requires the `webhooks.manage` permission.
     */
    post: operations['postWebhooksByEndpointIdPing'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhooks/{endpointId}/secrets': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Rotate: add a signing secret (returned this once); the oldest beyond two is dropped
     * @description Requires the `webhooks.manage` permission.
     */
    post: operations['postWebhooksByEndpointIdSecrets'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhooks/{endpointId}/secrets/{secretId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Revoke one signing secret (409 for the last one)
     * @description Requires the `webhooks.manage` permission.
     */
    delete: operations['deleteWebhooksByEndpointIdSecretsBySecretId'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/workflows': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List workflow definitions
     * @description Requires the `documents.read` permission.
     */
    get: operations['getWorkflows'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/workflows/{key}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * One workflow definition (ETag: its revision)
     * @description Requires the `documents.read` permission.
     */
    get: operations['getWorkflowsByKey'];
    /**
     * Create or replace a definition (If-Match: the revision)
     * @description Requires the `settings.manage` permission.
     */
    put: operations['putWorkflowsByKey'];
    post?: never;
    /**
     * Delete an unused definition
     * @description Requires the `settings.manage` permission.
     */
    delete: operations['deleteWorkflowsByKey'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    Error: {
      error: {
        /** @enum {string} */
        code:
          | 'bad_request'
          | 'validation_failed'
          | 'malformed_json'
          | 'unauthenticated'
          | 'forbidden'
          | 'not_found'
          | 'method_not_allowed'
          | 'conflict'
          | 'transition_blocked'
          | 'precondition_failed'
          | 'payload_too_large'
          | 'unsupported_media_type'
          | 'content_invalid'
          | 'rate_limited'
          | 'internal'
          | 'unavailable'
          | 'shutting_down';
        details?: unknown;
        message: string;
      };
    };
  };
  responses: {
    /** @description Any failure: the common error envelope (see docs/errors.md). */
    Error: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
  };
  parameters: {
    /** @description The tenant slug on a host that names none; must match the credentials. */
    TenantHeader: string;
  };
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  getApiKeys: {
    parameters: {
      query?: {
        cursor?: string;
        limit?: number;
      };
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of API keys (never their secrets) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  postApiKeys: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** Format: date-time */
          expiresAt?: string;
          name: string;
          scopes: (
            | 'documents.read'
            | 'published.read'
            | 'documents.comment'
            | 'documents.write'
            | 'documents.delete'
            | 'documents.publish'
            | 'workflow.review'
            | 'members.read'
            | 'members.manage'
            | 'invitations.manage'
            | 'domains.manage'
            | 'settings.manage'
            | 'audit.read'
            | 'webhooks.manage'
          )[];
        };
      };
    };
    responses: {
      /** @description The key and its token */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getApiKeysById: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The key */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  deleteApiKeysById: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getAuditLog: {
    parameters: {
      query?: {
        action?: string;
        cursor?: string;
        limit?: number;
        targetId?: string;
        targetType?: string;
      };
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of audit entries */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  postAuthLogin: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          email: string;
          password: string;
          totp?: string;
        };
      };
    };
    responses: {
      /** @description An access token and a refresh token */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  postAuthLogout: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': unknown | Record<string, never>;
      };
    };
    responses: {
      /** @description Done */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  postAuthLogoutAll: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': unknown | Record<string, never>;
      };
    };
    responses: {
      /** @description Done */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getAuthMe: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The member */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  postAuthMfaRecoveryCodes: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          code: string;
        };
      };
    };
    responses: {
      /** @description New recovery codes, shown once */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  postAuthMfaTotpDisable: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          code: string;
        };
      };
    };
    responses: {
      /** @description Done */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  postAuthMfaTotpEnrol: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': unknown | Record<string, never>;
      };
    };
    responses: {
      /** @description The pending secret */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  postAuthMfaTotpVerify: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          code: string;
        };
      };
    };
    responses: {
      /** @description Recovery codes, shown once */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  postAuthRefresh: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          refreshToken: string;
        };
      };
    };
    responses: {
      /** @description A new access token and refresh token */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getAuthTenants: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The tenants with their URLs */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getContentTypes: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The content types */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  postContentTypes: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          description?: string | null;
          /** @default [] */
          fields?: (
            | {
                description?: string;
                key: string;
                /** @constant */
                kind: 'text';
                label: string;
                maxLength?: number;
                minLength?: number;
                /** @default false */
                required?: boolean;
              }
            | {
                description?: string;
                key: string;
                /** @constant */
                kind: 'richText';
                label: string;
                /** @default false */
                required?: boolean;
              }
            | {
                description?: string;
                integer?: boolean;
                key: string;
                /** @constant */
                kind: 'number';
                label: string;
                max?: number;
                min?: number;
                /** @default false */
                required?: boolean;
              }
            | {
                description?: string;
                key: string;
                /** @constant */
                kind: 'boolean';
                label: string;
                /** @default false */
                required?: boolean;
              }
            | {
                description?: string;
                key: string;
                /** @constant */
                kind: 'date';
                label: string;
                /** @default false */
                required?: boolean;
              }
            | {
                contentType?: string;
                description?: string;
                key: string;
                /** @constant */
                kind: 'reference';
                label: string;
                /** @default false */
                required?: boolean;
              }
            | {
                description?: string;
                key: string;
                /** @constant */
                kind: 'media';
                label: string;
                /** @default false */
                required?: boolean;
              }
            | {
                description?: string;
                item:
                  | {
                      /** @constant */
                      kind: 'text';
                      maxLength?: number;
                      minLength?: number;
                    }
                  | {
                      /** @constant */
                      kind: 'richText';
                    }
                  | {
                      integer?: boolean;
                      /** @constant */
                      kind: 'number';
                      max?: number;
                      min?: number;
                    }
                  | {
                      /** @constant */
                      kind: 'boolean';
                    }
                  | {
                      /** @constant */
                      kind: 'date';
                    }
                  | {
                      contentType?: string;
                      /** @constant */
                      kind: 'reference';
                    }
                  | {
                      /** @constant */
                      kind: 'media';
                    };
                key: string;
                /** @constant */
                kind: 'list';
                label: string;
                maxItems?: number;
                minItems?: number;
                /** @default false */
                required?: boolean;
              }
          )[];
          key: string;
          name: string;
        };
      };
    };
    responses: {
      /** @description The content type */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getContentTypesByKey: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        key: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The content type */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  deleteContentTypesByKey: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        key: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  patchContentTypesByKey: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        key: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          description?: string | null;
          fields?: (
            | {
                description?: string;
                key: string;
                /** @constant */
                kind: 'text';
                label: string;
                maxLength?: number;
                minLength?: number;
                /** @default false */
                required?: boolean;
              }
            | {
                description?: string;
                key: string;
                /** @constant */
                kind: 'richText';
                label: string;
                /** @default false */
                required?: boolean;
              }
            | {
                description?: string;
                integer?: boolean;
                key: string;
                /** @constant */
                kind: 'number';
                label: string;
                max?: number;
                min?: number;
                /** @default false */
                required?: boolean;
              }
            | {
                description?: string;
                key: string;
                /** @constant */
                kind: 'boolean';
                label: string;
                /** @default false */
                required?: boolean;
              }
            | {
                description?: string;
                key: string;
                /** @constant */
                kind: 'date';
                label: string;
                /** @default false */
                required?: boolean;
              }
            | {
                contentType?: string;
                description?: string;
                key: string;
                /** @constant */
                kind: 'reference';
                label: string;
                /** @default false */
                required?: boolean;
              }
            | {
                description?: string;
                key: string;
                /** @constant */
                kind: 'media';
                label: string;
                /** @default false */
                required?: boolean;
              }
            | {
                description?: string;
                item:
                  | {
                      /** @constant */
                      kind: 'text';
                      maxLength?: number;
                      minLength?: number;
                    }
                  | {
                      /** @constant */
                      kind: 'richText';
                    }
                  | {
                      integer?: boolean;
                      /** @constant */
                      kind: 'number';
                      max?: number;
                      min?: number;
                    }
                  | {
                      /** @constant */
                      kind: 'boolean';
                    }
                  | {
                      /** @constant */
                      kind: 'date';
                    }
                  | {
                      contentType?: string;
                      /** @constant */
                      kind: 'reference';
                    }
                  | {
                      /** @constant */
                      kind: 'media';
                    };
                key: string;
                /** @constant */
                kind: 'list';
                label: string;
                maxItems?: number;
                minItems?: number;
                /** @default false */
                required?: boolean;
              }
          )[];
          name?: string;
        };
      };
    };
    responses: {
      /** @description The content type */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getDocs: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description An HTML page */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getDocuments: {
    parameters: {
      query?: {
        contentType?: string;
        cursor?: string;
        limit?: number;
        q?: string;
      };
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of documents */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  postDocuments: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @default article */
          contentType?: string;
          slug?: string;
          title: string;
        };
      };
    };
    responses: {
      /** @description The document */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getDocumentsByDocumentIdComments: {
    parameters: {
      query?: {
        cursor?: string;
        limit?: number;
        status?: 'open' | 'resolved';
      };
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        documentId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of threads */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  postDocumentsByDocumentIdComments: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        documentId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          anchor:
            | {
                end: string;
                /** @constant */
                kind: 'text';
                start: string;
              }
            | {
                from: number;
                /** @constant */
                kind: 'text';
                to: number;
              }
            | {
                field: string;
                /** @constant */
                kind: 'field';
              };
          body: string;
          mentions?: string[];
        };
      };
    };
    responses: {
      /** @description The thread */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getDocumentsByDocumentIdCommentsByThreadId: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        documentId: string;
        threadId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The thread */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getDocumentsByDocumentIdCommentsByThreadIdCommentsByCommentId: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        commentId: string;
        documentId: string;
        threadId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The comment */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  deleteDocumentsByDocumentIdCommentsByThreadIdCommentsByCommentId: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        commentId: string;
        documentId: string;
        threadId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  patchDocumentsByDocumentIdCommentsByThreadIdCommentsByCommentId: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        commentId: string;
        documentId: string;
        threadId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          body: string;
          mentions?: string[];
        };
      };
    };
    responses: {
      /** @description The comment */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  postDocumentsByDocumentIdCommentsByThreadIdReopen: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        documentId: string;
        threadId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The thread */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  postDocumentsByDocumentIdCommentsByThreadIdReplies: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        documentId: string;
        threadId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          body: string;
          mentions?: string[];
        };
      };
    };
    responses: {
      /** @description The comment */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  postDocumentsByDocumentIdCommentsByThreadIdResolve: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        documentId: string;
        threadId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The thread */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getDocumentsByDocumentIdContent: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        documentId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The content */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  postDocumentsByDocumentIdPreviewTokens: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        documentId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @default 900 */
          ttlSeconds?: number;
          versionId?: string;
        };
      };
    };
    responses: {
      /** @description `{ token, expiresAt, url }` */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getDocumentsByDocumentIdVersions: {
    parameters: {
      query?: {
        cursor?: string;
        limit?: number;
      };
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        documentId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of versions */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  postDocumentsByDocumentIdVersions: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        documentId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          label?: string | null;
        };
      };
    };
    responses: {
      /** @description The version */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getDocumentsByDocumentIdVersionsByVersionId: {
    parameters: {
      query?: {
        include?: 'state';
      };
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        documentId: string;
        versionId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The version */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  postDocumentsByDocumentIdVersionsByVersionIdRestore: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        documentId: string;
        versionId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          label?: string | null;
        };
      };
    };
    responses: {
      /** @description The new version */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getDocumentsByDocumentIdVersionsCompare: {
    parameters: {
      query: {
        from: string;
        to?: 'current' | string;
      };
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        documentId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The changes */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getDocumentsByDocumentIdWorkflow: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        documentId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The document's workflow state */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  putDocumentsByDocumentIdWorkflowAssignment: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        documentId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          assignees: string[];
          dueAt: string | null;
        };
      };
    };
    responses: {
      /** @description The document's workflow state */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  postDocumentsByDocumentIdWorkflowReviews: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        documentId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          decision: 'approved' | 'changes_requested';
          note?: string;
        };
      };
    };
    responses: {
      /** @description The document's workflow state */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getDocumentsByDocumentIdWorkflowSchedules: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        documentId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The schedules */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  postDocumentsByDocumentIdWorkflowSchedules: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        documentId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** Format: date-time */
          runAt: string;
          transition?: string;
        };
      };
    };
    responses: {
      /** @description The schedule */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getDocumentsByDocumentIdWorkflowSchedulesByScheduleId: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        documentId: string;
        scheduleId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The schedule */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  deleteDocumentsByDocumentIdWorkflowSchedulesByScheduleId: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        documentId: string;
        scheduleId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Cancelled */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  patchDocumentsByDocumentIdWorkflowSchedulesByScheduleId: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        documentId: string;
        scheduleId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** Format: date-time */
          runAt: string;
        };
      };
    };
    responses: {
      /** @description The schedule */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  postDocumentsByDocumentIdWorkflowTransitions: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        documentId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          note?: string;
          transition: string;
        };
      };
    };
    responses: {
      /** @description The document's workflow state */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getDocumentsById: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The document */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  deleteDocumentsById: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  patchDocumentsById: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          slug?: string;
          title?: string;
        };
      };
    };
    responses: {
      /** @description The document */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getDomains: {
    parameters: {
      query?: {
        cursor?: string;
        limit?: number;
      };
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of domains */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  postDomains: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          host: string;
        };
      };
    };
    responses: {
      /** @description The domain with its verification record */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  deleteDomainsByHost: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        host: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Removed */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  postDomainsByHostPrimary: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        host: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The domain */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  postDomainsByHostVerify: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        host: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The domain */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getInvitations: {
    parameters: {
      query?: {
        cursor?: string;
        limit?: number;
        status?: 'pending' | 'expired' | 'accepted' | 'revoked';
      };
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of invitations */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  postInvitations: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          email: string;
          role: string;
        };
      };
    };
    responses: {
      /** @description The invitation and its accept link */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  deleteInvitationsById: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The revoked invitation */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  postInvitationsByIdResend: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The invitation and its new accept link */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  postInvitationsAccept: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          displayName?: string;
          password?: string;
          token: string;
        };
      };
    };
    responses: {
      /** @description The membership and a session */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getMembers: {
    parameters: {
      query?: {
        cursor?: string;
        limit?: number;
      };
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of members */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getMembersByUserId: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        userId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description `{ member }` */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  deleteMembersByUserId: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        userId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Removed; their sessions end at once */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  patchMembersByUserId: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        userId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          role: string;
        };
      };
    };
    responses: {
      /** @description The member */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getOpenapiJson: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The OpenAPI document */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getPublishedDocuments: {
    parameters: {
      query?: {
        contentType?: string;
        cursor?: string;
        fields?: string;
        include?: string;
        limit?: number;
      };
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description `{ items: PublishedDocument[], nextCursor }` */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not modified */
      304: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getPublishedDocumentsByIdOrSlug: {
    parameters: {
      query?: {
        fields?: string;
        include?: string;
      };
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        idOrSlug: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The published document */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not modified */
      304: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getPublishedPreview: {
    parameters: {
      query: {
        fields?: string;
        include?: string;
        token: string;
      };
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The version in the published representation */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getRoles: {
    parameters: {
      query?: {
        cursor?: string;
        limit?: number;
      };
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of roles */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  postRoles: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          key: string;
          name: string;
          permissions: (
            | 'documents.read'
            | 'published.read'
            | 'documents.comment'
            | 'documents.write'
            | 'documents.delete'
            | 'documents.publish'
            | 'workflow.review'
            | 'members.read'
            | 'members.manage'
            | 'roles.manage'
            | 'invitations.manage'
            | 'apiKeys.manage'
            | 'domains.manage'
            | 'settings.manage'
            | 'audit.read'
            | 'webhooks.manage'
            | 'tenant.delete'
          )[];
        };
      };
    };
    responses: {
      /** @description The role */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getRolesByKey: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        key: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description `{ role }` */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  deleteRolesByKey: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        key: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  patchRolesByKey: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        key: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name?: string;
          permissions?: (
            | 'documents.read'
            | 'published.read'
            | 'documents.comment'
            | 'documents.write'
            | 'documents.delete'
            | 'documents.publish'
            | 'workflow.review'
            | 'members.read'
            | 'members.manage'
            | 'roles.manage'
            | 'invitations.manage'
            | 'apiKeys.manage'
            | 'domains.manage'
            | 'settings.manage'
            | 'audit.read'
            | 'webhooks.manage'
            | 'tenant.delete'
          )[];
        };
      };
    };
    responses: {
      /** @description The role */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getSearch: {
    parameters: {
      query: {
        /** @description nextCursor of the previous page */
        cursor?: string;
        limit?: number;
        /** @description Web-search syntax: words, "a phrase", -not, or */
        q: string;
        /** @description Comma-separated subset of documents,members,audit; all when absent */
        types?: string;
      };
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Ranked results */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: (
              | {
                  contentType: string;
                  /** Format: uuid */
                  id: string;
                  rank: number;
                  slug: string;
                  snippet: {
                    match: boolean;
                    text: string;
                  }[];
                  title: string;
                  /** @constant */
                  type: 'document';
                }
              | {
                  displayName: string;
                  email: string;
                  /** Format: uuid */
                  id: string;
                  rank: number;
                  role: string;
                  snippet: {
                    match: boolean;
                    text: string;
                  }[];
                  /** @constant */
                  type: 'member';
                }
              | {
                  action: string;
                  id: string;
                  occurredAt: string;
                  rank: number;
                  snippet: {
                    match: boolean;
                    text: string;
                  }[];
                  targetId: string | null;
                  targetType: string;
                  /** @constant */
                  type: 'audit';
                }
            )[];
            nextCursor: string | null;
            /** @description Requested types left out because the caller may not read them */
            omitted: {
              permission: string;
              reason: string;
              /** @enum {string} */
              type: 'documents' | 'members' | 'audit';
            }[];
          };
        };
      };
      default: components['responses']['Error'];
    };
  };
  postSignup: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          displayName?: string;
          email: string;
          password?: string;
          tenantName: string;
          tenantSlug: string;
        };
      };
    };
    responses: {
      /** @description The tenant, the owner and a session */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getTenant: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The tenant */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  patchTenant: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name?: string;
          settings?: {
            [key: string]: unknown;
          };
        };
      };
    };
    responses: {
      /** @description The updated tenant */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getUsage: {
    parameters: {
      query?: {
        days?: number;
      };
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Usage against quotas */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            daily: {
              days: {
                auditEntries: number;
                commentsPosted: number;
                /** @description UTC day, YYYY-MM-DD */
                date: string;
                documentsCreated: number;
                versionsCreated: number;
                webhookDeliveries: number;
              }[];
              from: string;
              to: string;
            };
            details: {
              activeWebhooks: number;
              pendingInvitations: number;
              storage: {
                collabSnapshots: number;
                collabUpdates: number;
                versions: number;
              };
            };
            measuredAt: string;
            meters: {
              apiKeys: {
                limit: number | null;
                used: number;
              };
              documents: {
                limit: number | null;
                used: number;
              };
              members: {
                limit: number | null;
                used: number;
              };
              storageBytes: {
                limit: number | null;
                used: number;
              };
              webhooks: {
                limit: number | null;
                used: number;
              };
            };
            plan: string;
            rateLimits: {
              apiRequestsPerMinute: number;
              documentBytes: number;
            };
          };
        };
      };
      default: components['responses']['Error'];
    };
  };
  getWebhooks: {
    parameters: {
      query?: {
        cursor?: string;
        limit?: number;
      };
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of endpoints with `nextCursor` */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  postWebhooks: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @default 0 */
          debounceMs?: number;
          /** @default  */
          description?: string;
          eventTypes: string[];
          /** @default true */
          isActive?: boolean;
          url: string;
        };
      };
    };
    responses: {
      /** @description The endpoint, with `secret: { id, value }`; ETag */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getWebhooksByEndpointId: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        endpointId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The endpoint; ETag is its revision */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  deleteWebhooksByEndpointId: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        endpointId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  patchWebhooksByEndpointId: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        endpointId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          debounceMs?: number;
          description?: string;
          eventTypes?: string[];
          isActive?: boolean;
          url?: string;
        };
      };
    };
    responses: {
      /** @description The endpoint */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getWebhooksByEndpointIdDeliveries: {
    parameters: {
      query?: {
        cursor?: string;
        limit?: number;
        status?: 'pending' | 'delivering' | 'succeeded' | 'failed' | 'cancelled';
      };
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        endpointId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of deliveries with `nextCursor` */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getWebhooksByEndpointIdDeliveriesByDeliveryId: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        deliveryId: string;
        endpointId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The delivery */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  postWebhooksByEndpointIdDeliveriesByDeliveryIdRedeliver: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        deliveryId: string;
        endpointId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The new delivery (pending) */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  postWebhooksByEndpointIdPing: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        endpointId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The delivery (pending) */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  postWebhooksByEndpointIdSecrets: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        endpointId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The endpoint, with `secret: { id, value }` */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  deleteWebhooksByEndpointIdSecretsBySecretId: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        endpointId: string;
        secretId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The endpoint */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getWorkflows: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The definitions */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  getWorkflowsByKey: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        key: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The definition */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  putWorkflowsByKey: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        key: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          definition: {
            stages: {
              initial?: boolean;
              key: string;
              name: string;
              terminal?: boolean;
            }[];
            transitions: {
              /** @default [] */
              actions?: ('freeze_version' | 'publish' | 'unpublish' | 'notify')[];
              from: string[];
              /** @default {} */
              guards?: {
                approvals?: {
                  /**
                   * @default reviewers
                   * @enum {string}
                   */
                  from?: 'assignees' | 'reviewers';
                  required: number;
                };
                /** @enum {string} */
                permission?:
                  | 'documents.read'
                  | 'published.read'
                  | 'documents.comment'
                  | 'documents.write'
                  | 'documents.delete'
                  | 'documents.publish'
                  | 'workflow.review'
                  | 'members.read'
                  | 'members.manage'
                  | 'roles.manage'
                  | 'invitations.manage'
                  | 'apiKeys.manage'
                  | 'domains.manage'
                  | 'settings.manage'
                  | 'audit.read'
                  | 'webhooks.manage'
                  | 'tenant.delete';
                requiredPriorStage?: string;
              };
              key: string;
              name: string;
              to: string;
            }[];
          };
          /** @default false */
          isDefault?: boolean;
          name: string;
        };
      };
    };
    responses: {
      /** @description The saved definition */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  deleteWorkflowsByKey: {
    parameters: {
      query?: never;
      header?: {
        /** @description The tenant slug on a host that names none; must match the credentials. */
        'X-Folio-Tenant'?: components['parameters']['TenantHeader'];
      };
      path: {
        key: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
}
