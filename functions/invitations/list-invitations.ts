import { listInvitationsRoute } from './list-invitations.route';
import { presentInvitation } from '../../shared/api/presenters';
import { listInvitations } from '../../shared/db/invitations';
import { defineOperation } from '../../shared/http/operation';

export const handler = defineOperation(listInvitationsRoute, async ({ caller, query }) => {
  // One instant for the filter and the presented statuses, so they agree at the expiry boundary.
  const now = new Date().toISOString();
  const page = await listInvitations(caller.teamId, {
    status: query.status,
    limit: query.limit,
    nextToken: query.next_token,
    now,
  });
  return { status: 200, body: { items: page.items.map((i) => presentInvitation(i, now)), next_token: page.nextToken } };
});
