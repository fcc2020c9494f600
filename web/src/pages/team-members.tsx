import type { Schemas } from '../../../client';
import { useAction } from '../ui/action';
import { ConfirmButton } from '../ui/confirm';
import { ok } from '../ui/errors';
import { ProblemText, Select } from '../ui/controls';
import { Pager, usePaged } from '../ui/pager';
import { api, canManage, currentUser, reloadMe } from '../session';

type Member = Schemas['Member'];

/** The members with their roles; managers change roles and remove; anyone but the admin may leave. */
export function MembersSection() {
  const list = usePaged((query) => api.GET('/v1/team/members', { params: { query } }));
  const me = currentUser();
  return (
    <section aria-labelledby="members">
      <h2 id="members">Members</h2>
      <ProblemText problem={list.problem} />
      {list.items && (
        <table>
          <thead>
            <tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Joined</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr>
          </thead>
          <tbody>
            {list.items.map((m) => (
              <MemberRow key={m.user_id} member={m} self={m.user_id === me?.id} manager={canManage(me)} onChange={list.reload} />
            ))}
          </tbody>
        </table>
      )}
      <Pager list={list} label="Members" />
    </section>
  );
}

function MemberRow({ member, self, manager, onChange }: { member: Member; self: boolean; manager: boolean; onChange: () => Promise<void> }) {
  const action = useAction();
  const changeRole = (event: Event) => {
    const role = (event.currentTarget as HTMLSelectElement).value as 'member' | 'manager';
    void action.run(async () => {
      await ok(api.PATCH('/v1/team/members/{user_id}', { params: { path: { user_id: member.user_id } }, body: { role } }));
      if (self) await reloadMe();
      await onChange();
    });
  };
  const remove = async () => {
    await ok(api.DELETE('/v1/team/members/{user_id}', { params: { path: { user_id: member.user_id } } }));
    if (self) await reloadMe();
    else await onChange();
  };
  const isAdmin = member.role === 'admin';
  return (
    <tr>
      <td>{member.name}{self && ' (you)'}</td>
      <td>{member.email}</td>
      <td>
        {manager && !isAdmin ? (
          <Select label={`Role of ${member.name}`} hideLabel name="role" options={['member', 'manager']} value={member.role} onChange={changeRole} disabled={action.busy} />
        ) : (
          member.role
        )}
        <ProblemText problem={action.problem} />
      </td>
      <td>{new Date(member.joined_at).toLocaleDateString()}</td>
      <td>
        {!isAdmin && self && (
          <ConfirmButton label="Leave" confirmLabel="Leave the team" question="Leave this team? You keep your account." onConfirm={remove} />
        )}
        {!isAdmin && !self && manager && (
          <ConfirmButton label={`Remove`} confirmLabel={`Remove ${member.name}`} question={`Remove ${member.name} from the team?`} onConfirm={remove} />
        )}
      </td>
    </tr>
  );
}
