import { supportGetTeamRoute } from './get-team.route';
import { presentSupportTeam } from '../../shared/api/presenters';
import { defineOperation } from '../../shared/http/operation';
import { getSupportTeamView } from '../../shared/use-cases/support/team-view';

export const handler = defineOperation(supportGetTeamRoute, async ({ params }) => {
  const { team, members } = await getSupportTeamView(params.team_id);
  return { status: 200, body: presentSupportTeam(team, members) };
});
