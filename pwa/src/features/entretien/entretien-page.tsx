/**
 * PLACEHOLDER route module for /entretien, to be replaced by the Entretien feature.
 * Contract: export `EntretienPage` (named); the router lazy-loads this file.
 */
import { PlaceholderPage } from '../../components/placeholder-page.tsx';

export function EntretienPage() {
  return (
    <PlaceholderPage
      title="Entretien"
      purpose="Vous pourrez y chronométrer vos activités d’entretien (démarrer, arrêter, même hors ligne), voir vos totaux du jour, de la semaine, du mois et de l’année, et votre historique."
    />
  );
}
