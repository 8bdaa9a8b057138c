/** "Installer l'application", shown only when the browser offers installation (beforeinstallprompt). */
import { useInstallPrompt } from '../app/install-prompt.ts';

export function InstallButton() {
  const { canInstall, install } = useInstallPrompt();
  if (!canInstall) return null;
  return (
    <button type="button" className="install-button" onClick={() => void install()}>
      Installer l’application
    </button>
  );
}
