import { logoutRoute } from './logout.route';
import { defineOperation } from '../../shared/http/operation';
import { signOut } from '../../shared/use-cases/accounts/sign-out';

export const handler = defineOperation(logoutRoute, async ({ caller }) => {
  await signOut(caller.user);
  return { status: 204 };
});
