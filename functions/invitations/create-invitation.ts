import { routes } from '../routes';
import { presentInvitation } from '../../shared/api/presenters';
import { defineOperation } from '../../shared/http/operation';
import { createInvitation } from '../../shared/use-cases/invitations/create-invitation';

export const handler = defineOperation(routes.createInvitation, async ({ caller, body }) => {
  const invitation = await createInvitation(caller, body);
  return { status: 201, body: presentInvitation(invitation) };
});
