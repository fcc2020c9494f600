import { patchMeRoute } from './update-me.route';
import { presentTeam, presentUser } from '../../shared/api/presenters';
import { getTeam } from '../../shared/db/teams';
import { defineOperation } from '../../shared/http/operation';
import { updateProfile } from '../../shared/use-cases/accounts/update-profile';

export const handler = defineOperation(patchMeRoute, async ({ caller, body }) => {
  const user = await updateProfile(caller.user, body);
  const team = user.team_id ? await getTeam(user.team_id) : null;
  return { status: 200, body: { user: presentUser(user), team: team ? presentTeam(team) : null } };
});
