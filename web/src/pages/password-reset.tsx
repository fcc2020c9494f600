import { useState } from 'preact/hooks';
import { useAction } from '../ui/action';
import { ok } from '../ui/errors';
import { Field, formValues, Link, Notice, ProblemText, Title } from '../ui/controls';
import { navigate, useLocation } from '../router';
import { publicApi } from '../session';

export function ForgotPasswordPage() {
  const action = useAction();
  const [sent, setSent] = useState(false);
  const onSubmit = (event: Event) => {
    const { email = '' } = formValues(event);
    void action.run(async () => {
      await ok(publicApi.POST('/v1/auth/password-reset', { body: { email } }));
      setSent(true);
    });
  };
  return (
    <section class="narrow">
      <Title>Reset your password</Title>
      <form onSubmit={onSubmit}>
        <Field label="Email" name="email" type="email" autocomplete="email" required problem={action.problem} />
        <button type="submit" disabled={action.busy}>Email me a reset link</button>
        <ProblemText problem={action.problem} />
      </form>
      {sent && <Notice>If that address has a verified account, a link valid for one hour is on its way.</Notice>}
      <p><Link href="/sign-in">Back to sign in</Link></p>
    </section>
  );
}

/** Where the reset email's link lands. */
export function ResetPasswordPage() {
  const token = useLocation().searchParams.get('token') ?? '';
  const action = useAction();
  const onSubmit = (event: Event) => {
    const { password = '' } = formValues(event);
    void action.run(async () => {
      await ok(publicApi.POST('/v1/auth/password-reset/confirm', { body: { token, password } }));
      navigate('/sign-in?reset=1', { replace: true });
    });
  };
  return (
    <section class="narrow">
      <Title>Choose a new password</Title>
      {!token ? (
        <p>This link has no token: open the link from the email.</p>
      ) : (
        <form onSubmit={onSubmit}>
          <Field label="New password" name="password" type="password" autocomplete="new-password" required problem={action.problem} />
          <button type="submit" disabled={action.busy}>Set my new password</button>
          <ProblemText problem={action.problem} />
        </form>
      )}
    </section>
  );
}
