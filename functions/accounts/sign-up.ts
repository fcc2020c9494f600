import { routes } from '../routes';
import { presentTeam, presentUser } from '../../shared/api/presenters';
import { definePublicOperation } from '../../shared/http/public-operation';
import { signUp } from '../../shared/use-cases/sign-up';

export const handler = definePublicOperation(routes.signup, async ({ body }) => {
  const { user, team, emailStatus } = await signUp(body);
  return { status: 201, body: { user: presentUser(user), team: presentTeam(team), email_status: emailStatus } };
});
