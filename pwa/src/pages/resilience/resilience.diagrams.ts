/** Diagrams of the Résilience page: the opossum circuit breakers of the sync server. */
import type { DiagramSpec } from '../../components/diagram/mermaid-diagram.tsx';

export const breakerStatesDiagram: DiagramSpec = {
  title: 'États d’un disjoncteur',
  description:
    'Fermé, les appels passent. Quand la part d’échecs dépasse le seuil, le disjoncteur s’ouvre et les appels sont ' +
    'refusés aussitôt. Après un délai, il passe semi-ouvert et laisse passer un appel d’essai : réussi, il se referme ; ' +
    'échoué, il se rouvre.',
  source: `stateDiagram-v2
  [*] --> Ferme
  Ferme --> Ouvert: échecs au-delà du seuil
  Ouvert --> SemiOuvert: délai écoulé
  SemiOuvert --> Ferme: appel d'essai réussi
  SemiOuvert --> Ouvert: appel d'essai échoué
  Ferme: Fermé
  Ouvert: Ouvert
  SemiOuvert: Semi-ouvert`,
};

export const breakerFlowDiagram: DiagramSpec = {
  title: 'Un appel à un service externe',
  description:
    'Chaque dépendance externe, Claude et Météo France, a son propre disjoncteur opossum avec un délai maximal. ' +
    'Disjoncteur ouvert ou délai dépassé : la route répond 503 upstream_unavailable avec Retry-After, ou une réponse ' +
    'de repli explicitement marquée degraded quand une réponse dégradée est acceptable. Les données locales de ' +
    'l’application ne dépendent jamais de ces services.',
  source: `flowchart TD
  req["Requête vers une route de l'API"]
  cb{"Disjoncteur du service"}
  appel["Appel avec délai maximal"]
  reussite["Réponse normale"]
  echec["Échec ou délai dépassé<br/>compté par le disjoncteur"]
  refus["503 upstream_unavailable<br/>+ Retry-After"]
  repli["Repli marqué degraded<br/>si acceptable"]
  req --> cb
  cb -->|"fermé ou essai"| appel
  cb -->|"ouvert"| refus
  appel -->|"succès"| reussite
  appel --> echec
  echec --> refus
  echec --> repli`,
};
