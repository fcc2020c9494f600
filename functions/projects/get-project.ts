import { getProjectRoute } from './get-project.route';
import { presentProject } from '../../shared/api/projects';
import { defineOperation } from '../../shared/http/operation';
import { readProject } from '../../shared/use-cases/projects/projects';

export const handler = defineOperation(getProjectRoute, async ({ caller, params }) => {
  return { status: 200, body: presentProject(await readProject(caller.teamId, params.name)) };
});
