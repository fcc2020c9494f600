import { patchTeamRoute } from './update-team.route';
import { presentTeam } from '../../shared/api/presenters';
import { envFlag } from '../../shared/config';
import { defineOperation } from '../../shared/http/operation';
import { updateTeam } from '../../shared/use-cases/team/update-team';

// Only the local stack sets this: deployed stages never call back to loopback.
const urlPolicy = { allowLoopbackHttp: envFlag('ALLOW_LOOPBACK_CALLBACKS') };

export const handler = defineOperation(patchTeamRoute, async ({ caller, body }) => {
  const team = await updateTeam(caller, body, urlPolicy);
  return { status: 200, body: presentTeam(team) };
});
