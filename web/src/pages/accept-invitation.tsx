import { useEffect, useState } from 'preact/hooks';
import type { Schemas } from '../../../client';
import { useAction } from '../ui/action';
import { ok, ApiRefusal, type Problem } from '../ui/errors';
import { Field, formValues, Link, ProblemText, Title } from '../ui/controls';
import { navigate, useLocation } from '../router';
import { api, currentUser, publicApi, reloadMe, signedIn } from '../session';

/**
 * Where the invitation email's link lands: what the invitation is, then
 * either a new account (password, name, company) or — signed in with an
 * account in no team — joining with that account.
 */
export function AcceptInvitationPage() {
  const url = useLocation();
  const token = url.searchParams.get('token') ?? '';
  const [preview, setPreview] = useState<Schemas['InvitationPreview'] | null>(null);
  const [previewProblem, setPreviewProblem] = useState<Problem | null>(null);
  const action = useAction();
  useEffect(() => {
    if (!token) return;
    ok(publicApi.GET('/v1/invitations/{token}', { params: { path: { token } } }))
      .then(setPreview)
      .catch((e: unknown) => setPreviewProblem(e instanceof ApiRefusal ? e.problem : { message: 'The invitation could not be read.', fields: {} }));
  }, [token]);

  const createAccount = (event: Event) => {
    const v = formValues(event);
    void action.run(async () => {
      const { user } = await ok(
        publicApi.POST('/v1/invitations/accept', {
          body: { token, password: v.password, name: v.name, company: v.company, ...(v.job_title ? { job_title: v.job_title } : {}) },
        }),
      );
      navigate(`/sign-in?joined=1&email=${encodeURIComponent(user.email)}`, { replace: true });
    });
  };
  const joinSignedIn = () =>
    void action.run(async () => {
      await ok(api.POST('/v1/invitations/accept', { body: { token } }));
      await reloadMe();
      navigate('/team', { replace: true });
    });

  const user = signedIn() ? currentUser() : null;
  return (
    <section class="narrow">
      <Title>Accept the invitation</Title>
      {!token && <p>This link has no token: open the link from the email.</p>}
      {preview && (
        <p class="lead">
          {preview.invited_by_name} invites <strong>{preview.email}</strong> to join <strong>{preview.team_name}</strong> as {preview.role}.
        </p>
      )}
      <ProblemText problem={previewProblem} />
      {preview && user && (
        <div>
          <p>You are signed in as {user.email}.</p>
          <button type="button" onClick={joinSignedIn} disabled={action.busy}>Join {preview.team_name} with this account</button>
          <ProblemText problem={action.problem} />
        </div>
      )}
      {preview && !user && (
        <>
          <form onSubmit={createAccount}>
            <Field label="Choose a password" name="password" type="password" autocomplete="new-password" required problem={action.problem} />
            <Field label="Your name" name="name" autocomplete="name" required problem={action.problem} />
            <Field label="Company" name="company" autocomplete="organization" required problem={action.problem} />
            <Field label="Job title (optional)" name="job_title" autocomplete="organization-title" problem={action.problem} />
            <button type="submit" disabled={action.busy}>Create my account and join</button>
            <ProblemText problem={action.problem} />
          </form>
          <p>
            Already have an account with no team?{' '}
            <Link href={`/sign-in?email=${encodeURIComponent(preview.email)}&next=${encodeURIComponent(url.pathname + url.search)}`}>Sign in first</Link>
          </p>
        </>
      )}
    </section>
  );
}
