import { supportFindUsersRoute } from './find-users.route';
import { presentUser } from '../../shared/api/presenters';
import { defineOperation } from '../../shared/http/operation';
import { findUsersByEmail } from '../../shared/use-cases/support/find-users';

export const handler = defineOperation(supportFindUsersRoute, async ({ query }) => {
  const users = await findUsersByEmail(query.email);
  // Zero or one account per address: there is never a next page.
  return { status: 200, body: { items: users.map(presentUser), next_token: null } };
});
