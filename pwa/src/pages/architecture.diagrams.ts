/** Diagrams of the Architecture page: this system as built (see shared/docs/architecture.md). */
import type { DiagramSpec } from '../components/diagram/mermaid-diagram.tsx';

export const contextDiagram: DiagramSpec = {
  title: 'Contexte : qui parle à Itercraft',
  description:
    'La personne utilise la PWA installée sur son téléphone ou son ordinateur, qui synchronise ses données avec le serveur de synchronisation. ' +
    'Les cartes ESP32 envoient leurs mesures au broker MQTT. Le serveur s’appuie sur le fournisseur d’identité OIDC. ' +
    'Claude (Anthropic) pour la ludothèque et Météo France pour les suggestions d’activités sont prévus, pas encore ' +
    'construits : aucun appel ne part vers eux aujourd’hui (liens en pointillés).',
  source: `flowchart LR
  user(["Personne<br/>(téléphone, ordinateur)"])
  esp(["Cartes ESP32<br/>capteurs maison"])
  subgraph itercraft["Itercraft"]
    pwa["PWA installable<br/>hors ligne d'abord"]
    server["Serveur de synchronisation<br/>Koa 3"]
    broker["Broker MQTT"]
  end
  idp["Fournisseur d'identité OIDC<br/>Keycloak"]
  claude["Anthropic Claude<br/>(prévu)"]
  meteo["Météo France<br/>(prévu)"]
  user --> pwa
  pwa <-->|"réplication HTTPS"| server
  pwa -->|"code + PKCE"| idp
  esp -->|"MQTT TLS 1.3"| broker
  broker --> server
  server -->|"JWKS"| idp
  server -.->|"prévu : ludothèque"| claude
  server -.->|"prévu : activités"| meteo`,
};

export const containersDiagram: DiagramSpec = {
  title: 'Conteneurs en production',
  description:
    'Traefik route par nom d’hôte : www vers la PWA statique, api vers les instances du serveur de synchronisation, ' +
    'authent vers Keycloak, grafana vers Grafana. Les instances sans état partagent PostgreSQL 17, qui publie chaque ' +
    'changement après validation par LISTEN/NOTIFY. Le relais MQTT s’abonne simplement à sensors/# dans une session ' +
    'persistante ; l’abonnement partagé $share/itercraft/sensors/# est une option (MQTT_SHARED_SUBSCRIPTION) pour ' +
    'répartir les messages entre plusieurs instances.',
  source: `flowchart TB
  traefik["Traefik<br/>routage par hôte"]
  subgraph hosts["Hôtes"]
    www["www : PWA statique<br/>+ service worker"]
    api["api : serveur de synchronisation<br/>N instances sans état"]
    authent["authent : Keycloak 26<br/>royaume itercraft"]
    grafana["grafana : Grafana"]
  end
  pg[("PostgreSQL 17<br/>source de vérité")]
  mosq["Mosquitto 2<br/>TLS 1.3, mots de passe, ACL"]
  traefik --> www
  traefik --> api
  traefik --> authent
  traefik --> grafana
  api <-->|"requêtes + LISTEN/NOTIFY"| pg
  api <-->|"sensors/#<br/>(partagé en option)"| mosq`,
};

export const browserDiagram: DiagramSpec = {
  title: 'Dans le navigateur',
  description:
    'Les pages lisent et écrivent dans RxDB, stocké dans IndexedDB via Dexie : tout fonctionne sans réseau. ' +
    'Un seul onglet, élu leader, réplique avec le serveur (tirage, envoi et flux d’événements). ' +
    'TanStack Query ne sert qu’aux données propres au serveur, comme son état de disponibilité. ' +
    'Le service worker Workbox garde l’application et ses pages en cache pour l’ouvrir hors ligne.',
  source: `flowchart LR
  ui["Pages React 19"]
  rx[("RxDB<br/>IndexedDB via Dexie")]
  repl["Réplication<br/>onglet leader"]
  tq["TanStack Query<br/>données serveur seulement"]
  sw["Service worker Workbox<br/>précache de l'application"]
  server["Serveur de synchronisation"]
  ui <--> rx
  rx <--> repl
  repl -->|"GET pull, POST push"| server
  server -->|"flux SSE : change, resync, heartbeat"| repl
  ui --> tq
  tq --> server
  sw -.->|"sert l'application hors ligne"| ui`,
};

export const writePathDiagram: DiagramSpec = {
  title: 'Une écriture, du téléphone hors ligne au serveur',
  description:
    'Une modification est d’abord écrite localement et marquée « non synchronisée ». Au retour du réseau, elle est envoyée : ' +
    'acceptée, elle est confirmée ; en conflit, la version du serveur revient et la règle de fusion s’applique ; refusée, ' +
    'rien n’est écrit côté serveur, le motif s’affiche dans le panneau de synchronisation et le reste de la file continue.',
  source: `flowchart TD
  w["Écriture locale dans RxDB<br/>marque « non synchronisé »"]
  q{"Réseau disponible ?"}
  wait["Reste en attente<br/>sur l'appareil"]
  push["Envoi POST /sync/v1/collection/push"]
  ok["Acceptée : confirmée"]
  conflict["Conflit : version du serveur<br/>puis règle de fusion"]
  rejected["Refusée : motif affiché<br/>Corriger ou Abandonner"]
  w --> q
  q -->|"non"| wait
  wait -->|"retour du réseau"| push
  q -->|"oui"| push
  push --> ok
  push --> conflict
  push --> rejected`,
};

export const observabilityDiagram: DiagramSpec = {
  title: 'Observabilité',
  description:
    'Le serveur écrit des journaux JSON (pino) collectés par Promtail vers Loki et expose ses métriques au format ' +
    'Prometheus sur /metrics ; Grafana présente les deux. Il n’émet pas encore de traces. Falco surveille le ' +
    'comportement des conteneurs.',
  source: `flowchart LR
  app["Serveur de synchronisation"]
  promtail["Promtail"]
  loki[("Loki")]
  prom[("Prometheus")]
  grafana["Grafana"]
  falco["Falco"]
  app -->|"journaux JSON pino"| promtail --> loki
  prom -->|"collecte /metrics"| app
  loki --> grafana
  prom --> grafana
  falco -.->|"surveille les conteneurs"| app`,
};
