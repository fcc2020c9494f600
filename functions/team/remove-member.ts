import { routes } from '../routes';
import { defineOperation } from '../../shared/http/operation';
import { removeMember } from '../../shared/use-cases/members/remove-member';

export const handler = defineOperation(routes.removeMember, async ({ caller, params }) => {
  await removeMember(caller, params.user_id);
  return { status: 204 };
});
