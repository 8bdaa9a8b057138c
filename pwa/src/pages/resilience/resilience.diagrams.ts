/** Diagrams of the Résilience page: how a write, the stream and a sensor reading survive an outage. */
import type { DiagramSpec } from '../../components/diagram/mermaid-diagram.tsx';

export const writeThroughOutageDiagram: DiagramSpec = {
  title: 'Une écriture à travers une coupure',
  description:
    'La page écrit dans la base locale : l’écriture porte un writeId et reste marquée en attente. L’onglet leader ' +
    'l’envoie ; si la réponse se perd, il renvoie la même écriture avec le même writeId après un délai croissant, et ' +
    'le serveur la reconnaît sans créer de nouvelle révision. La version du serveur revient par un tirage, qui lève ' +
    'la marque « en attente ».',
  source: `sequenceDiagram
  participant P as Page
  participant L as Base locale (RxDB)
  participant T as Onglet leader
  participant S as Serveur
  P->>L: écriture (writeId, en attente)
  T->>S: POST push
  S--xT: réponse perdue (réseau coupé)
  Note over T: nouvel essai après un délai croissant
  T->>S: POST push (même writeId)
  S-->>T: acceptée, déjà connue : aucune révision de plus
  T->>S: GET pull depuis le point de reprise
  S-->>T: version du serveur
  T->>L: marque « en attente » levée`,
};

export const streamRecoveryDiagram: DiagramSpec = {
  title: 'Le flux se rétablit tout seul',
  description:
    'Le serveur envoie un heartbeat toutes les 15 secondes. Sans nouvelles pendant 45 secondes, ou si la connexion ' +
    'tombe, le client la rouvre avec un délai croissant. Le serveur commence chaque connexion par resync : le client ' +
    'tire chaque collection depuis son point de reprise et rattrape tout ce qu’il a manqué. Un lecteur trop lent est ' +
    'coupé par le serveur (tampon borné) et rattrape de la même façon.',
  source: `flowchart TD
  open["Flux ouvert<br/>GET /sync/v1/stream"]
  hb{"heartbeat reçu<br/>dans les 45 s ?"}
  cut["Connexion tombée, silencieuse<br/>ou coupée par le serveur"]
  wait["Délai croissant avec aléa"]
  resync["event resync"]
  pull["Tirage de chaque collection<br/>depuis son point de reprise"]
  open --> hb
  hb -->|"oui"| open
  hb -->|"non"| cut
  cut --> wait --> open
  open --> resync --> pull`,
};

export const readingThroughOutageDiagram: DiagramSpec = {
  title: 'Une mesure à travers une coupure',
  description:
    'Sans réseau, la carte ESP32 garde ses mesures dans un tampon circulaire et les renvoie ensuite dans l’ordre, avec ' +
    'leur heure d’origine ; chacune ne quitte le tampon qu’après l’accusé de réception du broker. Serveur arrêté, ' +
    'Mosquitto garde les messages dans la session persistante du relais. Le relais n’accuse réception d’un message ' +
    'qu’après la validation de son écriture dans PostgreSQL : s’il tombe avant, le message lui est redonné.',
  source: `sequenceDiagram
  participant D as Carte ESP32
  participant M as Mosquitto
  participant R as Relais MQTT
  participant P as PostgreSQL
  Note over D: Wi-Fi coupé : mesures gardées<br/>dans le tampon circulaire
  D->>M: PUBLISH QoS 1 (mesure la plus ancienne)
  M-->>D: PUBACK : la mesure quitte le tampon
  Note over M: relais arrêté : message gardé<br/>dans sa session persistante
  M->>R: message (à la reconnexion)
  R->>P: INSERT idempotent
  P-->>R: validé
  R-->>M: PUBACK après la validation`,
};
