/**
 * Résilience: what keeps Itercraft working through network, server and broker outages, as built
 * (no external service is called yet, so there is no circuit breaker to show), and the server's
 * readiness as GET /readyz reports it.
 */
import { MermaidDiagram } from '../components/diagram/mermaid-diagram.tsx';
import { ReadinessStatus } from './resilience/readiness-status.tsx';
import { readingThroughOutageDiagram, streamRecoveryDiagram, writeThroughOutageDiagram } from './resilience/resilience.diagrams.ts';

export function ResiliencePage() {
  return (
    <article className="page prose">
      <h1>Résilience</h1>
      <p>
        Itercraft continue de fonctionner quand le réseau, le serveur ou le broker MQTT flanchent : vos données vivent
        d’abord sur votre appareil, et chaque maillon de la synchronisation reprend là où il s’était arrêté, sans perdre
        ni dupliquer une écriture.
      </p>

      <h2>État du serveur en direct</h2>
      <p className="muted">
        Réponse de <code>GET /readyz</code> : le serveur est prêt quand sa base de données répond.
      </p>
      <ReadinessStatus />

      <h2>Sur votre appareil</h2>
      <ul>
        <li>
          <strong>Base locale d’abord.</strong> Chaque page lit et écrit dans une base locale (RxDB sur IndexedDB) :
          rien n’attend le réseau, et l’application s’ouvre hors ligne grâce à son service worker.
        </li>
        <li>
          <strong>File des modifications en attente.</strong> Chaque écriture est marquée « en attente » et comptée dans
          l’en-tête jusqu’à ce que le serveur la confirme. Elle survit à un rechargement, à une coupure et à une mise à
          jour de l’application, qui attend qu’il n’y ait plus rien à envoyer.
        </li>
        <li>
          <strong>Un onglet leader.</strong> Un seul onglet du navigateur synchronise et tient la connexion au serveur ;
          s’il se ferme, un autre prend le relais.
        </li>
        <li>
          <strong>Session expirée.</strong> Le jeton d’accès est renouvelé avant son expiration. S’il n’a pas pu l’être,
          vous continuez à lire et à écrire sur l’appareil : la synchronisation se met en pause (« Reconnexion requise »)
          et la reconnexion n’est demandée qu’au retour du réseau.
        </li>
      </ul>

      <h2>Entre l’appareil et le serveur</h2>
      <ul>
        <li>
          <strong>Envois idempotents.</strong> Chaque écriture porte un identifiant (writeId) : renvoyée après une
          réponse perdue, elle est reconnue et ne crée ni doublon ni nouvelle révision. Les nouveaux essais s’espacent
          avec un délai croissant pour ne pas submerger un serveur qui redémarre.
        </li>
        <li>
          <strong>Refus ligne par ligne.</strong> Une modification invalide est refusée seule, avec son motif en
          français ; le reste de l’envoi est enregistré. Le panneau de synchronisation la montre, pour la corriger ou
          l’abandonner.
        </li>
        <li>
          <strong>Tirage dans l’ordre de validation.</strong> Le point de reprise ne dépasse jamais une transaction
          encore en cours (repère xid8) : une écriture validée en retard n’est jamais sautée.
        </li>
        <li>
          <strong>Flux d’événements qui se rétablit.</strong> Le flux SSE ne transporte que des indices et un heartbeat
          toutes les 15 secondes ; un flux silencieux est rouvert, et chaque ouverture commence par resync. Un lecteur
          trop lent est coupé au-delà de 256 Kio en attente ou de 30 secondes, puis rattrape par tirage.
        </li>
      </ul>
      <MermaidDiagram {...writeThroughOutageDiagram} />
      <MermaidDiagram {...streamRecoveryDiagram} />

      <h2>Des capteurs au serveur</h2>
      <ul>
        <li>
          <strong>Tampon sur la carte.</strong> Pendant une coupure, la carte ESP32 garde jusqu’à 720 mesures (6 heures
          à une mesure toutes les 30 secondes) et les renvoie ensuite dans l’ordre avec leur heure d’origine. Tampon
          plein, la plus ancienne est écartée et comptée.
        </li>
        <li>
          <strong>Session persistante.</strong> Le relais du serveur se connecte à Mosquitto avec une session
          persistante et un abonnement simple à <code>sensors/#</code> : serveur arrêté, le broker garde ses messages
          jusqu’à son retour.
        </li>
        <li>
          <strong>Accusé après validation.</strong> Le relais n’accuse réception d’une mesure (PUBACK) qu’après la
          validation de son écriture dans PostgreSQL ; l’insertion est idempotente, une mesure redonnée n’est pas
          comptée deux fois.
        </li>
      </ul>
      <MermaidDiagram {...readingThroughOutageDiagram} />

      <h2>Chronomètres oubliés</h2>
      <p>
        Une session d’entretien s’arrête d’elle-même à exactement 4 heures : le serveur applique cette limite quand il
        reçoit une session trop longue, et une tâche ferme chaque minute celles restées ouvertes, même si l’appareil qui
        les a lancées ne revient jamais.
      </p>

      <h2>Services externes</h2>
      <p>
        Les suggestions d’activités selon la météo (Météo France) et les fonctions d’intelligence artificielle de la
        ludothèque (Claude, d’Anthropic) ne sont pas encore construites : aujourd’hui, le serveur n’appelle aucun service
        externe. Leurs protections (délais maximaux, disjoncteurs, réponses de repli) arriveront avec ces fonctions.
      </p>
    </article>
  );
}
