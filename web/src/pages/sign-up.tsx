import { useState } from 'preact/hooks';
import { useAction } from '../ui/action';
import { ok } from '../ui/errors';
import { Field, formValues, Link, Notice, ProblemText, Title } from '../ui/controls';
import { navigate, useLocation } from '../router';
import { publicApi } from '../session';

export function SignUpPage() {
  const action = useAction();
  const onSubmit = (event: Event) => {
    const v = formValues(event);
    void action.run(async () => {
      await ok(
        publicApi.POST('/v1/signup', {
          body: { email: v.email ?? '', password: v.password ?? '', name: v.name ?? '', company: v.company ?? '', team_name: v.team_name ?? '' },
        }),
      );
      navigate(`/check-email?email=${encodeURIComponent(v.email ?? '')}`);
    });
  };
  return (
    <section class="narrow">
      <Title>Create your account</Title>
      <p>You become the admin of a new team.</p>
      <form onSubmit={onSubmit}>
        <Field label="Work email" name="email" type="email" autocomplete="email" required problem={action.problem} />
        <Field label="Password" name="password" type="password" autocomplete="new-password" required minLength={8} problem={action.problem}
          hint="At least 8 characters, with upper and lower case letters, a digit and a symbol." />
        <Field label="Your name" name="name" autocomplete="name" required problem={action.problem} />
        <Field label="Company" name="company" autocomplete="organization" required problem={action.problem} />
        <Field label="Team name" name="team_name" required problem={action.problem} hint="The prefix of your project names." />
        <button type="submit" disabled={action.busy}>Create account</button>
        <ProblemText problem={action.problem} />
      </form>
      <p>Already have an account? <Link href="/sign-in">Sign in</Link></p>
    </section>
  );
}

/** After sign-up: the link in the email finishes it; a new one can be sent. */
export function CheckEmailPage() {
  const email = useLocation().searchParams.get('email') ?? '';
  const action = useAction();
  const [resent, setResent] = useState(false);
  const resend = () =>
    void action.run(async () => {
      await ok(publicApi.POST('/v1/signup/resend-verification', { body: { email } }));
      setResent(true);
    });
  return (
    <section class="narrow">
      <Title>Check your email</Title>
      <p>We sent a link to <strong>{email || 'your address'}</strong>. Open it to verify your address, then sign in.</p>
      {email && <button type="button" onClick={resend} disabled={action.busy}>Send the link again</button>}
      {resent && <Notice>A new link is on its way; earlier links no longer work.</Notice>}
      <ProblemText problem={action.problem} />
      <p><Link href="/sign-in">Back to sign in</Link></p>
    </section>
  );
}
