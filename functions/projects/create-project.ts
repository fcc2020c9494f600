import { createProjectRoute } from './create-project.route';
import { presentProject } from '../../shared/api/projects';
import { defineOperation } from '../../shared/http/operation';
import { createProject } from '../../shared/use-cases/projects/projects';

export const handler = defineOperation(createProjectRoute, async ({ caller, body }) => {
  return { status: 201, body: presentProject(await createProject(caller, body.name)) };
});
