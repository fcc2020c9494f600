import { ProjectList } from '../../shared/api/projects';
import { ListQuery } from '../../shared/api/common';
import { items, route } from '../../shared/http/route';

export const listProjectsRoute = route({
  operationId: 'listProjects',
  method: 'GET',
  path: '/v1/projects',
  handler: 'projects/list-projects',
  auth: 'user_or_key',
  permission: 'tasks.manage',
  grants: { table: items(['GetItem', 'Query'], ['user', 'team']) },
  summary: "The team's projects, by name",
  tags: ['projects'],
  schemas: { query: ListQuery, responses: { 200: ProjectList } },
});
