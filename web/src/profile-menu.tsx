import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { navigate, onLinkClick } from './router';
import { signOut, type Me } from './session';

export interface MenuLink {
  href: string;
  title: string;
}

/**
 * The profile icon: a disclosure button (aria-expanded) opening a list of
 * links — the user's own pages (API Keys) and Sign out — under the user's
 * email. A disclosure rather than an ARIA `menu`: its items are ordinary
 * links and a button, reached with Tab like the rest of the page; Escape
 * closes it and gives focus back to the button, as does a click outside.
 */
export function ProfileMenu({ user, links, path }: { user: Me; links: MenuLink[]; path: string }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const id = useId();
  // A link followed: the menu has done its job.
  useEffect(() => setOpen(false), [path]);
  useEffect(() => {
    if (!open) return undefined;
    const onOutside = (event: Event) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onOutside);
    document.addEventListener('focusin', onOutside);
    return () => {
      document.removeEventListener('pointerdown', onOutside);
      document.removeEventListener('focusin', onOutside);
    };
  }, [open]);
  // On the menu's own element, not the document: listening from an effect would miss an Escape pressed right after opening.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !open) return;
    setOpen(false);
    button.current?.focus();
  };
  return (
    <div class="profile" ref={root} onKeyDown={onKeyDown}>
      <button type="button" class="profile-button" ref={button} aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        <span class="avatar" aria-hidden="true">{user.email.charAt(0).toUpperCase()}</span>
        Profile
      </button>
      <div id={id} class="profile-menu" hidden={!open}>
        <p>
          {user.email}
          <br />
          <small>{user.role ? `Role: ${user.role}` : 'Not in a team'}</small>
        </p>
        <ul>
          {links.map((l) => (
            <li key={l.href}>
              <a href={l.href} onClick={onLinkClick} aria-current={path === l.href ? 'page' : undefined}>{l.title}</a>
            </li>
          ))}
          <li>
            <button type="button" onClick={() => void signOut().finally(() => navigate('/sign-in', { replace: true }))}>
              Sign out
            </button>
          </li>
        </ul>
      </div>
    </div>
  );
}
