import { describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { listenForInstallPrompt } from '../app/install-prompt.ts';
import { InstallButton } from './install-button.tsx';

describe('InstallButton', () => {
  it('appears only when the browser offers installation, and prompts on click', async () => {
    listenForInstallPrompt(window);
    render(<InstallButton />);
    expect(screen.queryByRole('button')).toBeNull();

    const event = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
      prompt: vi.fn(() => Promise.resolve()),
      userChoice: Promise.resolve({ outcome: 'accepted' as const }),
    });
    act(() => {
      window.dispatchEvent(event);
    });
    expect(event.defaultPrevented).toBe(true);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Installer l’application' }));
      await Promise.resolve();
    });
    expect(event.prompt).toHaveBeenCalledOnce();
    expect(screen.queryByRole('button')).toBeNull();
  });
});
