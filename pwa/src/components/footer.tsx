/** "© <année> Itercraft", the legal links, and a way to change the cookie choice at any time. */
import { Link } from 'react-router';
import { consentStore } from '../app/consent/consent-store.ts';

export function Footer() {
  return (
    <footer className="app-footer">
      <p>© {new Date().getFullYear()} Itercraft</p>
      <nav aria-label="Informations légales">
        <ul>
          <li>
            <Link to="/mentions-legales">Mentions légales</Link>
          </li>
          <li>
            <Link to="/confidentialite">Confidentialité</Link>
          </li>
          <li>
            <Link to="/cookies">Cookies</Link>
          </li>
          <li>
            <button type="button" className="link-button" onClick={() => consentStore.review(true)}>
              Gérer les cookies
            </button>
          </li>
        </ul>
      </nav>
    </footer>
  );
}
