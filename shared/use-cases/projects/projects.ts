import { createProjectSteps, getProject, listProjects, type ProjectRecord } from '../../db/projects';
import { actorStillAllowedSteps } from '../../db/memberships';
import { getTeam } from '../../db/teams';
import { transact } from '../../db/transact';
import type { TeamActor } from '../../domain/actor';
import { newId } from '../../domain/ids';
import { NotFoundError } from '../../errors';

/** A project with the name of its team as it is now: what `qualified_name` is made of. */
export interface ProjectView {
  project: ProjectRecord;
  teamName: string;
}

async function currentTeamName(teamId: string): Promise<string> {
  const team = await getTeam(teamId);
  if (!team) throw new NotFoundError('team');
  return team.name;
}

/**
 * Create a project (any member, or an API key): one transaction — the
 * project under its name (409 `project_exists`), the team open, the caller
 * still a member. Not audited: projects are task bookkeeping.
 */
export async function createProject(actor: TeamActor, name: string): Promise<ProjectView> {
  const now = new Date().toISOString();
  const project: ProjectRecord = { id: newId('proj', Date.parse(now)), team_id: actor.teamId, name, created_at: now, created_by: actor.audit };
  await transact([...actorStillAllowedSteps(actor, 'tasks.manage'), ...createProjectSteps(project)]);
  return { project, teamName: await currentTeamName(actor.teamId) };
}

export async function readProject(teamId: string, name: string): Promise<ProjectView> {
  const [project, teamName] = await Promise.all([getProject(teamId, name), currentTeamName(teamId)]);
  if (!project) throw new NotFoundError('project');
  return { project, teamName };
}

export async function readProjects(teamId: string, limit: number, nextToken?: string): Promise<{ items: ProjectView[]; nextToken: string | null }> {
  const [page, teamName] = await Promise.all([listProjects(teamId, limit, nextToken), currentTeamName(teamId)]);
  return { items: page.items.map((project) => ({ project, teamName })), nextToken: page.nextToken };
}
