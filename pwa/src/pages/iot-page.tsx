/** IoT: the ESP32 sensor boards and how their readings reach the app. */
import { MermaidDiagram } from '../components/diagram/mermaid-diagram.tsx';
import { pipelineDiagram, trustDiagram } from './iot.diagrams.ts';

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
      <table>
        <caption className="visually-hidden">Sujets MQTT utilisés</caption>
        <thead>
          <tr>
            <th scope="col">Sujet</th>
            <th scope="col">Sens</th>
            <th scope="col">Contenu</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td><code>sensors/&lt;identifiant&gt;/reading</code></td>
            <td>carte → serveur</td>
            <td>une mesure (JSON : heure de mesure et valeurs), QoS 1</td>
          </tr>
          <tr>
            <td><code>devices/&lt;identifiant&gt;/status</code></td>
            <td>carte → serveur</td>
            <td>en ligne / hors ligne, message retenu ; le testament MQTT annonce « hors ligne »</td>
          </tr>
          <tr>
            <td><code>commands/&lt;identifiant&gt;/interval</code></td>
            <td>serveur → carte</td>
            <td>nouvel intervalle de mesure</td>
          </tr>
        </tbody>
      </table>
      <h2>Sécurité</h2>
      <p>
        Mosquitto n’accepte que TLS 1.3, refuse les connexions anonymes et applique une ACL : une carte ne peut publier
        que sous son propre identifiant. Le propriétaire d’une mesure vient donc du sujet garanti par le broker, jamais
        du contenu du message.
      </p>
      <MermaidDiagram {...trustDiagram} />
      <h2>Stockage</h2>
      <p>
        Le serveur enregistre les mesures brutes et des agrégats horaires (minimum, maximum, moyenne, nombre). L’application
        garde sur l’appareil les mesures récentes et les agrégats au-delà.
      </p>
    </article>
  );
}
