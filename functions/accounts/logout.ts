import { routes } from '../routes';
import { defineOperation } from '../../shared/http/operation';
import { signOutEverywhere } from '../../shared/identity/cognito-users';

/**
 * Cognito's global sign-out rather than RevokeToken: the local emulator
 * (moto 5.2.1) has no RevokeToken, and one mechanism must hold in both
 * places. The body's refresh token stops working, with the account's others.
 */
export const handler = defineOperation(routes.logout, async ({ caller }) => {
  await signOutEverywhere(caller.user!.email);
  return { status: 204 };
});
