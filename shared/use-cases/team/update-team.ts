import { auditStep } from '../../db/audit-events';
import { getTeam, updateTeamFieldsStep, type TeamRecord } from '../../db/teams';
import { transact } from '../../db/transact';
import { checkCallbackUrl, type UrlPolicy } from '../../domain/url-safety';
import { CallbackUrlNotAllowedError, NotFoundError } from '../../errors';
import type { TeamActor } from '../../domain/actor';
import { actorStillAllowedSteps } from '../../db/memberships';

export interface TeamPatch {
  name?: string;
  callback_url?: string | null;
}

/**
 * Rename the team and/or set its callback URL (manager+, checked by the
 * route's permission).
 *
 * 1. Judge the callback URL (https, no private/loopback/link-local/metadata
 *    targets; the local stack alone allows http loopback): 400 otherwise.
 * 2. Update the team (condition: it exists), re-check that the caller is
 *    still a manager+ of it (403 if removed or demoted meanwhile) and write
 *    the audit event, in one transaction. An unchanged patch writes nothing.
 */
export async function updateTeam(actor: TeamActor, patch: TeamPatch, urlPolicy: UrlPolicy): Promise<TeamRecord> {
  const { teamId } = actor;
  const fields: Record<string, unknown> = {};
  if (patch.name !== undefined) fields.name = patch.name;
  if (patch.callback_url !== undefined) {
    if (patch.callback_url === null) fields.callback_url = null;
    else {
      const verdict = checkCallbackUrl(patch.callback_url, urlPolicy);
      if (!verdict.ok) throw new CallbackUrlNotAllowedError(verdict.reason);
      fields.callback_url = verdict.url;
    }
  }
  const current = await getTeam(teamId);
  if (!current) throw new NotFoundError('team');
  const changed = Object.fromEntries(Object.entries(fields).filter(([k, v]) => current[k as keyof TeamRecord] !== v));
  if (Object.keys(changed).length === 0) return current;

  const now = new Date().toISOString();
  await transact([
    ...actorStillAllowedSteps(actor, 'team.update'),
    updateTeamFieldsStep(teamId, changed, now),
    auditStep({
      teamId,
      at: now,
      actor: actor.audit,
      action: 'team.updated',
      target: { type: 'team', id: teamId },
      details: { changes: Object.fromEntries(Object.entries(changed).map(([k, v]) => [k, { from: current[k as keyof TeamRecord], to: v }])) },
    }),
  ]);
  return { ...current, ...changed, updated_at: now } as TeamRecord;
}
