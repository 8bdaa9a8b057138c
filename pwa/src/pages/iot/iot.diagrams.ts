/** Diagrams of the IoT page: from an ESP32 board to the dashboard chart. */
import type { DiagramSpec } from '../../components/diagram/mermaid-diagram.tsx';

export const pipelineDiagram: DiagramSpec = {
  title: 'Du capteur au tableau de bord',
  description:
    'La carte ESP32 mesure, puis publie sur sensors/<son identifiant MQTT>/reading en TLS 1.3. Mosquitto vérifie son mot de ' +
    'passe et son droit d’écrire sous son propre identifiant. Le relais du serveur, abonné à sensors/# dans une session ' +
    'persistante (l’abonnement partagé $share/itercraft/sensors/# n’est qu’une option pour plusieurs instances), ' +
    'retrouve l’appareil et son propriétaire à partir du sujet et enregistre la mesure dans PostgreSQL, qui notifie ' +
    'après validation ; le flux de synchronisation prévient la PWA, qui tire les nouvelles mesures dans sa base locale ' +
    'et met le graphique à jour.',
  source: `flowchart LR
  esp["ESP32<br/>DHT22, NTC, LDR"]
  mosq["Mosquitto<br/>TLS 1.3, ACL"]
  relay["Relais MQTT<br/>serveur de synchronisation"]
  pg[("PostgreSQL")]
  pwa["PWA<br/>base locale RxDB"]
  chart["Tableau de bord"]
  esp -->|"sensors/identifiant/reading"| mosq
  mosq -->|"abonnement sensors/#"| relay
  relay -->|"propriétaire déduit du sujet"| pg
  pg -->|"NOTIFY après validation"| relay
  relay -->|"flux SSE puis tirage"| pwa
  pwa --> chart`,
};

export const trustDiagram: DiagramSpec = {
  title: 'À qui appartient une mesure',
  description:
    'Chaque carte a son propre compte sur le broker. L’ACL n’autorise un compte à publier que sous sensors/<son identifiant>/, ' +
    'donc le sujet prouve l’origine. Le serveur associe cet identifiant à l’appareil enregistré et à son propriétaire ; ' +
    'un message d’un identifiant inconnu ou retiré est écarté et compté, jamais attribué à quelqu’un d’autre.',
  source: `sequenceDiagram
  participant D as Carte ESP32 (compte capteur-salon)
  participant M as Mosquitto
  participant R as Relais
  D->>M: CONNECT capteur-salon + mot de passe (TLS 1.3)
  M-->>D: accepté
  D->>M: PUBLISH sensors/capteur-salon/reading
  M->>M: ACL : écriture sous sensors/capteur-salon/ autorisée
  M->>R: message (abonnement sensors/# du relais)
  R->>R: identifiant → appareil enregistré → propriétaire
  Note over R: identifiant inconnu ou retiré : message écarté et compté`,
};
