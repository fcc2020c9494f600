import { useState } from 'preact/hooks';
import type { Schemas } from '../../../client';
import { useAction } from '../ui/action';
import { ConfirmButton } from '../ui/confirm';
import { ok } from '../ui/errors';
import { Field, formValues, Notice, ProblemText, Select } from '../ui/controls';
import { Pager, usePaged } from '../ui/pager';
import { api } from '../session';

/** Changes to invitations made on this page, so the list re-reads itself after an invite. */
const invitationListeners = new Set<() => void>();

/** Pending invitations, each with Resend and Revoke (manager+). */
export function InvitationsSection() {
  const list = usePaged((query) => api.GET('/v1/team/invitations', { params: { query: { ...query, status: 'pending' } } }));
  invitationListeners.clear();
  invitationListeners.add(() => void list.reload());
  return (
    <section aria-labelledby="invitations">
      <h2 id="invitations">Pending invitations</h2>
      <ProblemText problem={list.problem} />
      {list.items?.length === 0 && <p>No pending invitations.</p>}
      {list.items && list.items.length > 0 && (
        <table>
          <thead>
            <tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Expires</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr>
          </thead>
          <tbody>
            {list.items.map((inv) => <InvitationRow key={inv.id} invitation={inv} onChange={list.reload} />)}
          </tbody>
        </table>
      )}
      <Pager list={list} label="Invitations" />
    </section>
  );
}

function InvitationRow({ invitation, onChange }: { invitation: Schemas['Invitation']; onChange: () => Promise<void> }) {
  const action = useAction();
  const [resent, setResent] = useState(false);
  const path = { params: { path: { id: invitation.id } } };
  const resend = () =>
    void action.run(async () => {
      await ok(api.POST('/v1/team/invitations/{id}/resend', path));
      setResent(true);
      await onChange();
    });
  return (
    <tr>
      <td>{invitation.email}</td>
      <td>{invitation.role}</td>
      <td>{new Date(invitation.expires_at).toLocaleDateString()}</td>
      <td>
        <button type="button" onClick={resend} disabled={action.busy} aria-label={`Resend the invitation to ${invitation.email}`}>Resend</button>
        {resent && <Notice>Sent again.</Notice>}
        <ProblemText problem={action.problem} />
        <ConfirmButton
          label="Revoke"
          confirmLabel="Revoke invitation"
          question={`Revoke the invitation to ${invitation.email}?`}
          onConfirm={async () => {
            await ok(api.DELETE('/v1/team/invitations/{id}', path));
            await onChange();
          }}
        />
      </td>
    </tr>
  );
}

/** Invite Member, at the bottom of Your Team (manager+; a member is not shown it). */
export function InviteMemberForm() {
  const action = useAction();
  const [sent, setSent] = useState<Schemas['Invitation'] | null>(null);
  const onSubmit = (event: Event) => {
    const v = formValues(event);
    const form = event.currentTarget as HTMLFormElement;
    setSent(null);
    void action.run(async () => {
      const invitation = await ok(api.POST('/v1/team/invitations', { body: { email: v.email ?? '', role: (v.role ?? 'member') as 'member' | 'manager' } }));
      setSent(invitation);
      form.reset();
      invitationListeners.forEach((l) => l());
    });
  };
  return (
    <section aria-labelledby="invite">
      <h2 id="invite">Invite Member</h2>
      <form onSubmit={onSubmit} class="row">
        <Field label="Email to invite" name="email" type="email" required problem={action.problem} />
        <Select label="Role" name="role" options={['member', 'manager']} />
        <button type="submit" disabled={action.busy}>Invite Member</button>
      </form>
      <ProblemText problem={action.problem} />
      {sent && (
        <Notice>
          {sent.email_status === 'sent' ? `Invitation sent to ${sent.email}.` : `Invitation to ${sent.email} created, but the email could not be sent: use Resend.`}
        </Notice>
      )}
    </section>
  );
}
