import * as z from 'zod';
import type { ProjectRecord } from '../db/projects';
import { listOf, Timestamp } from './common';
import { ProjectName } from './tasks';

export const CreateProjectBody = z.strictObject({ name: ProjectName }).meta({ id: 'CreateProjectRequest' });

export const ProjectNameParams = z.strictObject({ name: z.string().min(1).max(400) });

export const Project = z
  .object({
    id: z.string(),
    name: z.string(),
    qualified_name: z.string().meta({ description: '<team name>/<project name>, from the team\'s current name', example: 'Engines Ltd/receipts' }),
    created_at: Timestamp,
  })
  .meta({ id: 'Project' });
export const ProjectList = listOf(Project, 'ProjectList');

/** `qualified_name` is made from the team's name as it is now. */
export function presentProject({ project, teamName }: { project: ProjectRecord; teamName: string }): z.infer<typeof Project> {
  return { id: project.id, name: project.name, qualified_name: `${teamName}/${project.name}`, created_at: project.created_at };
}
