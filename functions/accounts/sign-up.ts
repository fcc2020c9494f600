import { signupRoute } from './sign-up.route';
import { presentTeam, presentUser } from '../../shared/api/presenters';
import { defineClientLimitedOperation } from '../../shared/http/client-limited-operation';
import { signUp } from '../../shared/use-cases/accounts/sign-up';

export const handler = defineClientLimitedOperation(signupRoute, async ({ body }) => {
  const { user, team, emailStatus } = await signUp(body);
  return { status: 201, body: { user: presentUser(user), team: presentTeam(team), email_status: emailStatus } };
});
