import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { APP_PAGES } from '../app/route-table.ts';
import { Breadcrumb } from './breadcrumb.tsx';

function renderAt(path: string) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <Breadcrumb />
    </MemoryRouter>,
  );
}

describe('Breadcrumb', () => {
  it.each(APP_PAGES.filter((p) => p.path !== '/'))('labels $path as "$label"', ({ path, label }) => {
    renderAt(path);
    const nav = screen.getByRole('navigation', { name: 'Fil d’Ariane' });
    const home = within(nav).getByRole('link', { name: 'Accueil' });
    expect(home.getAttribute('href')).toBe('/');
    const current = within(nav).getByText(label);
    expect(current.getAttribute('aria-current')).toBe('page');
    // Never the raw path segment (the original showed "entretien", "activites", "ludotheque").
    expect(current.textContent).not.toBe(path.slice(1));
  });

  it('is hidden on the home page', () => {
    renderAt('/');
    expect(screen.queryByRole('navigation')).toBeNull();
  });

  it('names unknown pages "Page introuvable"', () => {
    renderAt('/inconnue');
    expect(screen.getByText('Page introuvable').getAttribute('aria-current')).toBe('page');
  });
});
