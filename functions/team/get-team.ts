import { getTeamRoute } from './get-team.route';
import { presentTeam } from '../../shared/api/presenters';
import { getTeam } from '../../shared/db/teams';
import { NotFoundError } from '../../shared/errors';
import { defineOperation } from '../../shared/http/operation';

export const handler = defineOperation(getTeamRoute, async ({ caller }) => {
  const team = await getTeam(caller.teamId);
  if (!team) throw new NotFoundError('team');
  return { status: 200, body: presentTeam(team) };
});
