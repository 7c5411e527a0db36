import { invitationStatus, type Invitation } from './invitation.repository.js';

/** The public JSON of an invitation: never its token hash. */
export function presentInvitation(invitation: Invitation, now = new Date()) {
  return {
    id: invitation.id,
    email: invitation.email,
    role: invitation.role,
    status: invitationStatus(invitation, now),
    invitedBy: invitation.invitedBy,
    expiresAt: invitation.expiresAt.toISOString(),
    acceptedAt: invitation.acceptedAt?.toISOString() ?? null,
    acceptedBy: invitation.acceptedBy,
    revokedAt: invitation.revokedAt?.toISOString() ?? null,
    createdAt: invitation.createdAt.toISOString(),
  };
}

/**
 * An invitation with its one-time link, for the create and resend responses only. There is no
 * mailer yet, so the admin hands the link over; it is shown once and only its digest is stored.
 */
export function presentIssuedInvitation(invitation: Invitation, token: string, acceptUrl: string) {
  return { invitation: presentInvitation(invitation), token, acceptUrl };
}
