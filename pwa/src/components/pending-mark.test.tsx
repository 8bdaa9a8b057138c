import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { PendingMark } from './pending-mark.tsx';

describe('PendingMark', () => {
  it('is announced as "Non synchronisé"', () => {
    render(<PendingMark />);
    expect(screen.getByRole('img', { name: 'Non synchronisé' })).toBeTruthy();
  });

  it('can also show the words', () => {
    render(<PendingMark withText />);
    expect(screen.getByRole('img', { name: 'Non synchronisé' }).textContent).toContain('Non synchronisé');
  });
});
