/**
 * PLACEHOLDER route module for /activites, to be replaced by the Activités feature.
 * Contract: export `ActivitesPage` (named); the router lazy-loads this file.
 */
import { PlaceholderPage } from '../../components/placeholder-page.tsx';

export function ActivitesPage() {
  return (
    <PlaceholderPage
      title="Activités"
      purpose="Vous pourrez y obtenir des idées d’activités pour le matin, l’après-midi et le soir selon la météo de l’endroit choisi. Cette page aura besoin du réseau ; hors ligne, elle montrera les dernières suggestions."
    />
  );
}
