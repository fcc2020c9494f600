import { Title } from '../ui/controls';
import { currentUser } from '../session';

/** A signed-in user with no team (left, or removed): nothing to manage until invited again. */
export function NoTeamPage() {
  return (
    <section class="narrow">
      <Title>You are not in a team</Title>
      <p>{currentUser()?.email} belongs to no team. Ask a team's manager to invite you, then open the invitation's link while signed in.</p>
    </section>
  );
}
