import { Title } from '../ui/controls';
import { canManage, currentUser } from '../session';
import { InvitationsSection, InviteMemberForm } from './team-invitations';
import { MembersSection } from './team-members';
import { TeamDetailsForm } from './team-details';

/** Your Team: details, members, pending invitations and — at the bottom — Invite Member. */
export function TeamPage() {
  const manager = canManage(currentUser());
  return (
    <>
      <Title>Your Team</Title>
      <TeamDetailsForm editable={manager} />
      <MembersSection />
      {manager && <InvitationsSection />}
      {manager && <InviteMemberForm />}
    </>
  );
}
