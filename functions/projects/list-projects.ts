import { listProjectsRoute } from './list-projects.route';
import { presentProject } from '../../shared/api/projects';
import { defineOperation } from '../../shared/http/operation';
import { readProjects } from '../../shared/use-cases/projects/projects';

export const handler = defineOperation(listProjectsRoute, async ({ caller, query }) => {
  const page = await readProjects(caller.teamId, query.limit, query.next_token);
  return { status: 200, body: { items: page.items.map(presentProject), next_token: page.nextToken } };
});
