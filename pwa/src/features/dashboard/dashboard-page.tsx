/**
 * PLACEHOLDER route module for /dashboard, to be replaced by the Tableau de bord feature.
 * Contract: export `DashboardPage` (named); the router lazy-loads this file.
 */
import { PlaceholderPage } from '../../components/placeholder-page.tsx';

export function DashboardPage() {
  return (
    <PlaceholderPage
      title="Tableau de bord"
      purpose="Vous pourrez y suivre les mesures de vos capteurs (température, humidité, luminosité) sur la période de votre choix, même hors ligne."
    />
  );
}
