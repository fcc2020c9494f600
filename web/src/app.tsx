import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { onLinkClick, useLocation } from './router';
import { canManage, currentUser, signedIn, signOut, subscribe } from './session';
import { AcceptInvitationPage } from './pages/accept-invitation';
import { ApiKeysPage } from './pages/api-keys';
import { CheckEmailPage, SignUpPage } from './pages/sign-up';
import { ForgotPasswordPage, ResetPasswordPage } from './pages/password-reset';
import { NoTeamPage } from './pages/no-team';
import { SignInPage } from './pages/sign-in';
import { TeamPage } from './pages/team';
import { VerifyEmailPage } from './pages/verify-email';

/** Pages anyone can open (the emails' links among them). */
const PUBLIC_PAGES: Record<string, () => preact.JSX.Element> = {
  '/sign-in': SignInPage,
  '/sign-up': SignUpPage,
  '/check-email': CheckEmailPage,
  '/verify-email': VerifyEmailPage,
  '/forgot-password': ForgotPasswordPage,
  '/reset-password': ResetPasswordPage,
  '/accept-invitation': AcceptInvitationPage,
};

/** Pages of a signed-in team member; `manager` ones are not offered to a member. */
const TEAM_PAGES: Record<string, { title: string; page: () => preact.JSX.Element; manager?: boolean }> = {
  '/team': { title: 'Your Team', page: TeamPage },
  '/api-keys': { title: 'API Keys', page: ApiKeysPage, manager: true },
};

function useSession() {
  const [, setTick] = useState(0);
  useEffect(() => subscribe(() => setTick((t) => t + 1)), []);
  return { signedIn: signedIn(), user: currentUser() };
}

export function App() {
  const url = useLocation();
  const { signedIn: isSignedIn, user } = useSession();
  const Public = PUBLIC_PAGES[url.pathname];
  let content: preact.JSX.Element;
  if (Public) content = <Public />;
  else if (!isSignedIn || !user) content = <SignInPage />;
  else if (!user.team_id) content = <NoTeamPage />;
  else {
    const entry = TEAM_PAGES[url.pathname];
    const allowed = entry && (!entry.manager || canManage(user));
    const Page = allowed ? entry.page : TeamPage;
    content = <Page />;
  }
  return <Shell path={url.pathname}>{content}</Shell>;
}

function Shell({ path, children }: { path: string; children: ComponentChildren }) {
  const user = currentUser();
  const main = useRef<HTMLElement>(null);
  // A new page: move focus to its heading, so keyboard and screen-reader users start at the top of it.
  useEffect(() => {
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [path]);
  return (
    <>
      <a class="skip" href="#main">Skip to content</a>
      <header class="top">
        <span class="brand">Refonte</span>
        {signedIn() && user?.team_id && (
          <nav aria-label="Main">
            <ul>
              {Object.entries(TEAM_PAGES)
                .filter(([, p]) => !p.manager || canManage(user))
                .map(([href, p]) => (
                  <li key={href}>
                    <a href={href} onClick={onLinkClick} aria-current={path === href ? 'page' : undefined}>{p.title}</a>
                  </li>
                ))}
            </ul>
          </nav>
        )}
        {signedIn() && user && (
          <div class="profile">
            <span>{user.email} ({user.role ?? 'no team'})</span>
            <button type="button" onClick={() => void signOut()}>Sign out</button>
          </div>
        )}
      </header>
      <main id="main" ref={main}>{children}</main>
    </>
  );
}
