import { routes } from '../routes';
import { defineOperation } from '../../shared/http/operation';
import { signOut } from '../../shared/use-cases/sign-out';

export const handler = defineOperation(routes.logout, async ({ caller }) => {
  await signOut(caller.user!);
  return { status: 204 };
});
