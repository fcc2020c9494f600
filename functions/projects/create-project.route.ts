import { CreateProjectBody, Project } from '../../shared/api/projects';
import { items, route } from '../../shared/http/route';

export const createProjectRoute = route({
  operationId: 'createProject',
  method: 'POST',
  path: '/v1/projects',
  handler: 'projects/create-project',
  auth: 'user_or_key',
  permission: 'tasks.manage',
  grants: { table: items(['GetItem', 'PutItem', 'ConditionCheckItem'], ['user', 'team']) },
  summary: 'Create a project (its name is unique in the team)',
  tags: ['projects'],
  errors: [409],
  schemas: { body: CreateProjectBody, responses: { 201: Project } },
});
