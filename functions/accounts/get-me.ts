import { getMeRoute } from './get-me.route';
import { presentTeam, presentUser } from '../../shared/api/presenters';
import { getTeam } from '../../shared/db/teams';
import { defineOperation } from '../../shared/http/operation';

export const handler = defineOperation(getMeRoute, async ({ caller }) => {
  const user = caller.user;
  const team = user.team_id ? await getTeam(user.team_id) : null;
  return { status: 200, body: { user: presentUser(user), team: team ? presentTeam(team) : null } };
});
