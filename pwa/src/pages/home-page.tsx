/** Accueil: what Itercraft is, statically (part of the main bundle so the first screen needs no extra chunk). */
import { Link } from 'react-router';

const features: [string, string, string][] = [
  ['/entretien', 'Entretien', 'Chronométrez le temps passé à entretenir la maison, même sans réseau, et suivez vos totaux.'],
  ['/ludotheque', 'Ma Ludothèque', 'Bientôt : vos jeux de société, vos notes et des fiches complétées par l’IA.'],
  ['/activites', 'Activités', 'Bientôt : des idées d’activités selon la météo de l’endroit où vous êtes.'],
  ['/dashboard', 'Tableau de bord', 'Les mesures de vos capteurs ESP32 : température, humidité, luminosité.'],
];

export function HomePage() {
  return (
    <article className="page home">
      <h1>Itercraft</h1>
      <p className="lead">
        La vie de la maison au même endroit : entretien, jeux, activités et capteurs. Installez l’application sur votre
        téléphone ou votre ordinateur : elle s’ouvre instantanément et fonctionne aussi hors ligne.
      </p>
      <ul className="card-grid feature-list">
        {features.map(([path, title, text]) => (
          <li key={path} className="card">
            <h2>
              <Link to={path}>{title}</Link>
            </h2>
            <p>{text}</p>
          </li>
        ))}
      </ul>
      <h2>Comment c’est construit</h2>
      <p>
        Découvrez l’<Link to="/architecture">architecture</Link>, le <Link to="/sse">flux d’événements</Link>, la{' '}
        <Link to="/resilience">résilience</Link> face aux coupures et la chaîne <Link to="/iot">IoT</Link>.
      </p>
    </article>
  );
}
