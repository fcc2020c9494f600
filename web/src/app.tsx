import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { onLinkClick, useLocation } from './router';
import type { Permission } from '../../shared/domain/permissions';
import { ProfileMenu } from './profile-menu';
import { allowed, currentUser, signedIn, subscribe, type Me } from './session';
import { AcceptInvitationPage } from './pages/accept-invitation';
import { ApiKeysPage } from './pages/api-keys';
import { BillingPage } from './pages/billing';
import { IntegrationsPage } from './pages/integrations';
import { CheckEmailPage, SignUpPage } from './pages/sign-up';
import { ForgotPasswordPage, ResetPasswordPage } from './pages/password-reset';
import { NoTeamPage } from './pages/no-team';
import { SignInPage } from './pages/sign-in';
import { TasksPage } from './pages/tasks';
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

/**
 * Pages of a signed-in team member, each behind the API permission its
 * routes need: a page the API would refuse is neither linked nor shown.
 * `profile` pages are linked under the profile icon, the others in the nav.
 */
const TEAM_PAGES: Record<string, { title: string; page: () => preact.JSX.Element; permission: Permission; profile?: boolean }> = {
  '/team': { title: 'Your Team', page: TeamPage, permission: 'team.read' },
  '/tasks': { title: 'Tasks', page: TasksPage, permission: 'tasks.manage' },
  '/billing': { title: 'Billing', page: BillingPage, permission: 'billing.read' },
  '/integrations': { title: 'Integrations', page: IntegrationsPage, permission: 'integrations.manage' },
  '/api-keys': { title: 'API Keys', page: ApiKeysPage, permission: 'api_keys.manage', profile: true },
};

function pagesFor(user: Me | null, profile: boolean) {
  return Object.entries(TEAM_PAGES)
    .filter(([, p]) => Boolean(p.profile) === profile && allowed(user, p.permission))
    .map(([href, p]) => ({ href, title: p.title }));
}

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
    const Page = entry && allowed(user, entry.permission) ? entry.page : TeamPage;
    content = <Page />;
  }
  // A task's detail is a page of its own (`/tasks?id=…`): focus moves to its heading too; a filter change does not move it.
  const pageKey = `${url.pathname}?${url.searchParams.get('id') ?? ''}`;
  return <Shell path={url.pathname} pageKey={pageKey}>{content}</Shell>;
}

function Shell({ path, pageKey, children }: { path: string; pageKey: string; children: ComponentChildren }) {
  const user = currentUser();
  const main = useRef<HTMLElement>(null);
  // A new page: move focus to its heading, so keyboard and screen-reader users start at the top of it.
  useEffect(() => {
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [pageKey]);
  return (
    <>
      <a class="skip" href="#main">Skip to content</a>
      <header class="top">
        <span class="brand">Refonte</span>
        {signedIn() && user?.team_id && (
          <nav aria-label="Main">
            <ul>
              {pagesFor(user, false).map(({ href, title }) => (
                <li key={href}>
                  <a href={href} onClick={onLinkClick} aria-current={path === href ? 'page' : undefined}>{title}</a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        {signedIn() && user && <ProfileMenu user={user} links={user.team_id ? pagesFor(user, true) : []} path={path} />}
      </header>
      <main id="main" ref={main}>{children}</main>
    </>
  );
}
