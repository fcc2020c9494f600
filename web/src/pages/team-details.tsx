import { useEffect, useState } from 'preact/hooks';
import type { Schemas } from '../../../client';
import { useAction } from '../ui/action';
import { ok } from '../ui/errors';
import { Field, formValues, Notice, ProblemText } from '../ui/controls';
import { api } from '../session';

/** Team name (the prefix of project names) and the default callback URL; a member reads them. */
export function TeamDetailsForm({ editable }: { editable: boolean }) {
  const [team, setTeam] = useState<Schemas['Team'] | null>(null);
  const [saved, setSaved] = useState(false);
  const action = useAction();
  useEffect(() => {
    void action.run(async () => setTeam(await ok(api.GET('/v1/team'))));
  }, []);
  const onSubmit = (event: Event) => {
    const v = formValues(event);
    setSaved(false);
    void action.run(async () => {
      setTeam(await ok(api.PATCH('/v1/team', { body: { name: v.name ?? '', callback_url: v.callback_url ?? null } })));
      setSaved(true);
    });
  };
  return (
    <section aria-labelledby="team-details">
      <h2 id="team-details">Team details</h2>
      {team && (
        <form onSubmit={onSubmit}>
          <Field label="Team name" name="name" required defaultValue={team.name} readOnly={!editable} problem={action.problem} hint="The prefix of your project names." />
          <Field label="Default callback URL" name="callback_url" type="url" defaultValue={team.callback_url ?? ''} readOnly={!editable} problem={action.problem}
            hint="Where finished tasks are posted (https)." />
          {editable && <button type="submit" disabled={action.busy}>Save team details</button>}
          {saved && <Notice>Team details saved.</Notice>}
        </form>
      )}
      <ProblemText problem={action.problem} />
    </section>
  );
}
