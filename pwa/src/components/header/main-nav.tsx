/**
 * Main navigation with the burger button of narrow screens (≤ 768 px). On wide screens the list
 * is always visible and the burger is hidden. Escape or following a link closes the menu.
 */
import { useRef, useState, type KeyboardEvent } from 'react';
import { NavLink, useLocation } from 'react-router';
import { APP_PAGES } from '../../app/route-table.ts';

export interface MainNavProps {
  /** Show the pages that need a known user. */
  signedIn: boolean;
}

const MENU_ID = 'menu-principal';

export function MainNav({ signedIn }: MainNavProps) {
  const { pathname } = useLocation();
  // The menu is open for the page it was opened on: any navigation (link, back button) closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const setOpen = (next: boolean) => setOpenOn(next ? pathname : null);
  const burgerRef = useRef<HTMLButtonElement>(null);
  const pages = APP_PAGES.filter((p) => p.nav === 'public' || (signedIn && p.nav === 'private'));

  function handleKeyDown(event: KeyboardEvent) {
    if (event.key !== 'Escape' || !open) return;
    setOpen(false);
    burgerRef.current?.focus();
  }

  return (
    <nav className="main-nav" aria-label="Navigation principale" onKeyDown={handleKeyDown}>
      <button
        ref={burgerRef}
        type="button"
        className="burger"
        aria-label="Menu de navigation"
        aria-expanded={open}
        aria-controls={MENU_ID}
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">{open ? '✕' : '☰'}</span>
      </button>
      <ul id={MENU_ID} className={open ? 'nav-list open' : 'nav-list'}>
        {pages.map((page) => (
          <li key={page.path}>
            <NavLink to={page.path} onClick={() => setOpen(false)}>
              {page.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
