/** Sequence diagrams of the SSE page: the replication stream as the sync server implements it. */
import type { DiagramSpec } from '../components/diagram/mermaid-diagram.tsx';

export const connectDiagram: DiagramSpec = {
  title: 'Ouverture du flux',
  description:
    'L’onglet leader ouvre une seule connexion authentifiée GET /sync/v1/stream. Le serveur vérifie le jeton, ' +
    'n’abonne la connexion qu’aux changements de cette personne et envoie aussitôt resync : le client tire chaque ' +
    'collection depuis son dernier point de reprise. Un heartbeat toutes les 15 secondes garde la connexion ouverte ' +
    'et transmet l’heure du serveur.',
  source: `sequenceDiagram
  participant L as Onglet leader
  participant S as Serveur de synchronisation
  participant P as PostgreSQL
  L->>S: GET /sync/v1/stream (jeton d'accès)
  S->>S: vérifie le jeton (JWKS)
  S-->>L: event resync
  loop chaque collection
    L->>S: GET pull?checkpoint=dernier point
    S->>P: lignes validées après le point
    S-->>L: documents + nouveau point
  end
  loop toutes les 15 s
    S-->>L: event heartbeat (heure serveur)
  end`,
};

export const changeDiagram: DiagramSpec = {
  title: 'Un changement publié après validation',
  description:
    'L’appareil A envoie une modification. PostgreSQL la valide puis émet une notification : NOTIFY n’est délivré ' +
    'qu’après la validation de la transaction, à toutes les instances du serveur. L’instance qui tient le flux de ' +
    'l’appareil B, de la même personne, lui envoie un indice change avec le nom de la collection ; B tire alors les ' +
    'documents. Les documents ne passent jamais par le flux.',
  source: `sequenceDiagram
  participant A as Appareil A
  participant S1 as Instance 1
  participant P as PostgreSQL
  participant S2 as Instance 2
  participant B as Appareil B
  A->>S1: POST push (modification)
  S1->>P: transaction
  P-->>S1: validée
  S1-->>A: acceptée
  P-)S1: NOTIFY itercraft_sync
  P-)S2: NOTIFY itercraft_sync
  S2-->>B: event change (collection)
  B->>S2: GET pull?checkpoint
  S2-->>B: documents`,
};

export const resyncDiagram: DiagramSpec = {
  title: 'Lecteur trop lent : coupure puis resync',
  description:
    'Si un client ne lit plus assez vite, ses indices sont fusionnés par collection ; au-delà de 256 Kio en attente ' +
    'ou de 30 secondes sans vidage, le serveur coupe la connexion. Le client se reconnecte, reçoit resync et rattrape ' +
    'tout par tirage depuis ses points de reprise : rien n’est perdu.',
  source: `sequenceDiagram
  participant C as Client lent
  participant S as Serveur
  S-->>C: event change (fusionnés par collection)
  Note over S: plus de 256 Kio en attente<br/>ou 30 s sans vidage
  S--xC: connexion coupée
  C->>S: GET /sync/v1/stream
  S-->>C: event resync
  C->>S: GET pull pour chaque collection
  S-->>C: tout ce qui a changé depuis`,
};

export const tabsDiagram: DiagramSpec = {
  title: 'Plusieurs onglets, une seule connexion',
  description:
    'Les onglets d’un même navigateur élisent un leader : lui seul tient le flux et réplique. Les autres lisent la même ' +
    'base locale et voient les changements aussitôt. Si le leader se ferme, un autre onglet prend le relais et rouvre le flux.',
  source: `sequenceDiagram
  participant T1 as Onglet 1 (leader)
  participant T2 as Onglet 2
  participant S as Serveur
  T1->>S: flux + réplication
  T2->>T1: lit la même base locale
  Note over T1: onglet fermé
  T2->>T2: devient leader
  T2->>S: GET /sync/v1/stream
  S-->>T2: event resync`,
};
