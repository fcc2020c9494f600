import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients/dynamodb';
import type { AuditActor } from '../domain/actor';
import { ProjectExistsError } from '../errors';
import { keys, TABLE_NAME } from './table';
import { teamItemsPage } from './team-item-pages';
import { teamOpenStep } from './teams';
import type { TransactStep } from './transact';

/**
 * Projects live in their team's partition under their name
 * (`TEAM#<team>` / `PROJECT#<name>`), so the name is unique in the team by
 * the key itself. Few per team: no hot-key concern.
 */
export interface ProjectRecord {
  id: string;
  team_id: string;
  name: string;
  created_at: string;
  created_by: AuditActor;
}

export function projectFromItem(item: Record<string, unknown>): ProjectRecord {
  const i = item as unknown as ProjectRecord;
  return { id: i.id, team_id: i.team_id, name: i.name, created_at: i.created_at, created_by: i.created_by };
}

export async function getProject(teamId: string, name: string): Promise<ProjectRecord | null> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: TABLE_NAME, Key: keys.project(teamId, name), ConsistentRead: true }));
  return Item ? projectFromItem(Item) : null;
}

/** A team's projects in name order, a page at a time. */
export async function listProjects(teamId: string, limit: number, nextToken?: string): Promise<{ items: ProjectRecord[]; nextToken: string | null }> {
  const page = await teamItemsPage(teamId, keys.projectPrefix(), { limit, nextToken });
  return { items: page.items.map(projectFromItem), nextToken: page.nextToken };
}

/** A new project (409 `project_exists` if the team has one of that name), in an open team. */
export function createProjectSteps(project: ProjectRecord): TransactStep[] {
  return [
    teamOpenStep(project.team_id),
    {
      item: {
        Put: {
          TableName: TABLE_NAME,
          Item: { ...keys.project(project.team_id, project.name), type: 'project', ...project },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      onConditionFailed: () => new ProjectExistsError(),
    },
  ];
}
