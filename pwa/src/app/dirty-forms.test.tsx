import { describe, expect, it } from 'vitest';
import { act, render, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { DirtyFormContext, DirtyFormRegistry, useDirtyForm, useDirtyFormCount } from './dirty-forms.ts';

function Form({ dirty }: { dirty: boolean }) {
  useDirtyForm(dirty);
  return null;
}

describe('dirty form registry', () => {
  it('counts the forms holding unsaved input and forgets unmounted ones', () => {
    const registry = new DirtyFormRegistry();
    const wrap = (children: ReactNode) => <DirtyFormContext value={registry}>{children}</DirtyFormContext>;
    const view = render(wrap(<><Form dirty /><Form dirty={false} /></>));
    expect(registry.count()).toBe(1);
    view.rerender(wrap(<><Form dirty /><Form dirty /></>));
    expect(registry.count()).toBe(2);
    view.rerender(wrap(<Form dirty />));
    expect(registry.count()).toBe(1);
    view.unmount();
    expect(registry.count()).toBe(0);
  });

  it('lets the update prompt follow the count', () => {
    const registry = new DirtyFormRegistry();
    const { result } = renderHook(() => useDirtyFormCount(), {
      wrapper: ({ children }) => <DirtyFormContext value={registry}>{children}</DirtyFormContext>,
    });
    expect(result.current).toBe(0);
    act(() => registry.set('a', true));
    expect(result.current).toBe(1);
  });
});
