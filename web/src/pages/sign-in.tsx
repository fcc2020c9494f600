import { useAction } from '../ui/action';
import { ApiRefusal, problemOf } from '../ui/errors';
import { Field, formValues, Link, Notice, ProblemText, Title } from '../ui/controls';
import { navigate, useLocation } from '../router';
import { signIn } from '../session';

/** Signed out, every page but the public ones shows this form; `next` returns to the page asked for. */
export function SignInPage() {
  const url = useLocation();
  const action = useAction();
  const next = url.searchParams.get('next');
  const onSubmit = (event: Event) => {
    const { email = '', password = '' } = formValues(event);
    void action.run(async () => {
      const refused = await signIn(email, password);
      if (refused) throw new ApiRefusal(problemOf(refused));
      const target = next?.startsWith('/') && !next.startsWith('//') ? next : '/team';
      navigate(target, { replace: true });
    });
  };
  return (
    <section class="narrow">
      <Title>Sign in</Title>
      {url.searchParams.get('joined') && <Notice>Your account is ready: sign in to see your team.</Notice>}
      {url.searchParams.get('reset') && <Notice>Your password was changed: sign in with the new one.</Notice>}
      <form onSubmit={onSubmit}>
        <Field label="Email" name="email" type="email" autocomplete="username" required defaultValue={url.searchParams.get('email') ?? ''} problem={action.problem} />
        <Field label="Password" name="password" type="password" autocomplete="current-password" required problem={action.problem} />
        <button type="submit" disabled={action.busy}>Sign in</button>
        <ProblemText problem={action.problem} />
      </form>
      <p>
        <Link href="/forgot-password">Forgot your password?</Link> · New to Refonte? <Link href="/sign-up">Create an account</Link>
      </p>
    </section>
  );
}
