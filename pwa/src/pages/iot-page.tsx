/** IoT: the ESP32 sensor boards, what they publish, who may publish what, and how readings reach the app. */
import { MermaidDiagram } from '../components/diagram/mermaid-diagram.tsx';
import { aclRows, EXAMPLE_INTERVAL_COMMAND, EXAMPLE_READING, EXAMPLE_STATUS, EXAMPLE_TOPICS, EXAMPLE_USERNAME } from './iot/iot-examples.ts';
import { pipelineDiagram, trustDiagram } from './iot/iot.diagrams.ts';

const json = (value: unknown) => JSON.stringify(value, null, 2);

function TopicsTable() {
  return (
    <table>
      <caption className="visually-hidden">Sujets MQTT utilisés</caption>
      <thead>
        <tr>
          <th scope="col">Sujet (exemple)</th>
          <th scope="col">Sens</th>
          <th scope="col">Contenu</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <td><code>{EXAMPLE_TOPICS.reading}</code></td>
          <td>carte → serveur</td>
          <td>une mesure (JSON ci-dessous), QoS 1</td>
        </tr>
        <tr>
          <td><code>{EXAMPLE_TOPICS.status}</code></td>
          <td>carte → serveur</td>
          <td>en ligne / hors ligne avec ses compteurs, message retenu ; le testament MQTT annonce « hors ligne »</td>
        </tr>
        <tr>
          <td><code>{EXAMPLE_TOPICS.interval}</code></td>
          <td>serveur → carte</td>
          <td>nouvel intervalle de mesure, en secondes</td>
        </tr>
      </tbody>
    </table>
  );
}

function AclTable() {
  return (
    <table>
      <caption className="visually-hidden">Droits d’accès du broker (ACL)</caption>
      <thead>
        <tr>
          <th scope="col">Compte</th>
          <th scope="col">Droit</th>
          <th scope="col">Sujets</th>
        </tr>
      </thead>
      <tbody>
        {aclRows().map((row) => (
          <tr key={`${row.account} ${row.access} ${row.filter}`}>
            <td>{row.account}</td>
            <td>{row.access}</td>
            <td><code>{row.filter}</code></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function IotPage() {
  return (
    <article className="page prose">
      <h1>IoT</h1>
      <p>
        Des cartes ESP32 mesurent la température, l’humidité et la luminosité de la maison et envoient leurs mesures au
        broker MQTT. Les mesures arrivent dans votre tableau de bord, et restent consultables hors ligne.
      </p>
      <MermaidDiagram {...pipelineDiagram} />
      <h2>Capteurs</h2>
      <ul>
        <li>DHT22 : température (°C) et humidité relative (%).</li>
        <li>Thermistance NTC sur pont diviseur : seconde température (°C).</li>
        <li>Photorésistance (LDR) : luminosité (%).</li>
      </ul>
      <h2>Sujets MQTT</h2>
      <p>
        Chaque carte a son propre compte sur le broker, créé à l’enrôlement (ici <code>{EXAMPLE_USERNAME}</code>) ; ce
        nom de compte forme le deuxième niveau de chaque sujet.
      </p>
      <TopicsTable />
      <h3>Une mesure</h3>
      <p>
        Heure de mesure ISO 8601 avec fuseau, nom de la carte (informatif) et une valeur par capteur ; un capteur en
        panne envoie <code>null</code>. Une valeur hors des bornes plausibles, une heure à plus d’un jour dans le futur
        ou de plus de dix jours est écartée et comptée.
      </p>
      <pre>
        <code>{json(EXAMPLE_READING)}</code>
      </pre>
      <h3>L’état d’une carte</h3>
      <pre>
        <code>{json(EXAMPLE_STATUS)}</code>
      </pre>
      <h3>Une commande</h3>
      <pre>
        <code>{json(EXAMPLE_INTERVAL_COMMAND)}</code>
      </pre>
      <h2>Sécurité</h2>
      <p>
        Mosquitto n’accepte que TLS 1.3, refuse les connexions anonymes et applique l’ACL ci-dessous : une carte ne peut
        publier que sous son propre identifiant. Le propriétaire d’une mesure vient donc du sujet garanti par le broker,
        jamais du contenu du message.
      </p>
      <AclTable />
      <MermaidDiagram {...trustDiagram} />
      <h2>Stockage</h2>
      <p>
        Le serveur enregistre les mesures brutes et des agrégats horaires (minimum, maximum, moyenne, nombre). L’application
        garde sur l’appareil les mesures récentes et les agrégats au-delà.
      </p>
    </article>
  );
}
