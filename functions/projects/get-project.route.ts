import { Project, ProjectNameParams } from '../../shared/api/projects';
import { items, route } from '../../shared/http/route';

export const getProjectRoute = route({
  operationId: 'getProject',
  method: 'GET',
  path: '/v1/projects/{name}',
  handler: 'projects/get-project',
  auth: 'user_or_key',
  permission: 'tasks.manage',
  grants: { table: items(['GetItem'], ['user', 'team']) },
  summary: 'A project, by its name within the team',
  tags: ['projects'],
  schemas: { params: ProjectNameParams, responses: { 200: Project } },
});
