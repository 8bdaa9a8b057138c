/**
 * PLACEHOLDER route module for /ludotheque, to be replaced by the Ma Ludothèque feature.
 * Contract: export `LudothequePage` (named); the router lazy-loads this file.
 */
import { PlaceholderPage } from '../../components/placeholder-page.tsx';

export function LudothequePage() {
  return (
    <PlaceholderPage
      title="Ma Ludothèque"
      purpose="Vous pourrez y gérer votre collection de jeux de société : ajouter un jeu par son titre (même hors ligne), filtrer, noter et demander une suggestion à l’IA."
    />
  );
}
