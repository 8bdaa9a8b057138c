import { describe, expect, it } from 'vitest';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { createMemoryRouter, Link, RouterProvider } from 'react-router';
import { corrigerHref, useCorrigerParam, type CorrigerRequest } from './use-corriger-param.ts';

const seen: (CorrigerRequest | null)[] = [];

function Page() {
  const request = useCorrigerParam();
  if (seen.at(-1) !== request) seen.push(request);
  return (
    <>
      <p data-testid="id">{request?.id ?? 'aucun'}</p>
      <Link to={corrigerHref('/entretien', 's 1')}>Corriger s1</Link>
      <Link to={corrigerHref('/entretien', 's2')}>Corriger s2</Link>
    </>
  );
}

describe('useCorrigerParam', () => {
  it('follows the location: a new id, and the same link clicked again, are new requests', async () => {
    seen.length = 0;
    const router = createMemoryRouter([{ path: '/entretien', Component: Page }], { initialEntries: ['/entretien'] });
    render(<RouterProvider router={router} />);
    expect(screen.getByTestId('id').textContent).toBe('aucun');

    fireEvent.click(screen.getByRole('link', { name: 'Corriger s1' }));
    expect(await screen.findByText('s 1')).toBeTruthy();
    const first = seen.at(-1);
    expect(first?.id).toBe('s 1');

    // Already on /entretien?corriger=s%201: the same link again must still be noticed.
    fireEvent.click(screen.getByRole('link', { name: 'Corriger s1' }));
    await act(() => Promise.resolve());
    const again = seen.at(-1);
    expect(again?.id).toBe('s 1');
    expect(again?.key).not.toBe(first?.key);

    fireEvent.click(screen.getByRole('link', { name: 'Corriger s2' }));
    expect(await screen.findByText('s2')).toBeTruthy();

    await act(() => router.navigate('/entretien'));
    expect(screen.getByTestId('id').textContent).toBe('aucun');
  });

  it('keeps the same request object while nothing changes', () => {
    seen.length = 0;
    const router = createMemoryRouter([{ path: '/entretien', Component: Page }], { initialEntries: ['/entretien?corriger=x'] });
    const view = render(<RouterProvider router={router} />);
    view.rerender(<RouterProvider router={router} />);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.id).toBe('x');
  });
});
