import * as z from 'zod/mini';
import type { ProjectRecord } from '../db/projects';
import { listOf, Timestamp } from './common';
import { ProjectName } from './tasks';

export const CreateProjectBody = z.strictObject({ name: ProjectName }).register(z.globalRegistry, { id: 'CreateProjectRequest' });

export const ProjectNameParams = z.strictObject({ name: z.string().check(z.minLength(1), z.maxLength(400)) });

export const Project = z
  .object({
    id: z.string(),
    name: z.string(),
    qualified_name: z.string().register(z.globalRegistry, { description: '<team name>/<project name>, from the team\'s current name', example: 'Engines Ltd/receipts' }),
    created_at: Timestamp,
  }).register(z.globalRegistry, { id: 'Project' });
export const ProjectList = listOf(Project, 'ProjectList');

/** `qualified_name` is made from the team's name as it is now. */
export function presentProject({ project, teamName }: { project: ProjectRecord; teamName: string }): z.infer<typeof Project> {
  return { id: project.id, name: project.name, qualified_name: `${teamName}/${project.name}`, created_at: project.created_at };
}
