import { useState } from 'preact/hooks';
import { useAction } from '../ui/action';
import { ok } from '../ui/errors';
import { Link, Notice, ProblemText, Title } from '../ui/controls';
import { useLocation } from '../router';
import { publicApi } from '../session';

/**
 * Where the verification email's link lands. Verifying takes a click rather
 * than happening on load, so a mail scanner that opens links does not spend
 * the token.
 */
export function VerifyEmailPage() {
  const token = useLocation().searchParams.get('token') ?? '';
  const action = useAction();
  const [done, setDone] = useState<string | null>(null);
  const verify = () =>
    void action.run(async () => {
      const { user } = await ok(publicApi.POST('/v1/signup/verify', { body: { token } }));
      setDone(user.email);
    });
  return (
    <section class="narrow">
      <Title>Verify your email</Title>
      {!token && <p>This link has no token: open the link from the email.</p>}
      {token && !done && <button type="button" onClick={verify} disabled={action.busy}>Verify my email address</button>}
      <ProblemText problem={action.problem} />
      {done && (
        <>
          <Notice>Your email {done} is verified.</Notice>
          <p><Link href={`/sign-in?email=${encodeURIComponent(done)}`}>Sign in</Link></p>
        </>
      )}
    </section>
  );
}
