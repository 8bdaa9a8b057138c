/** "Accueil / <page>": every page has a French label (route-table.ts); hidden on the home page. */
import { Link, useLocation } from 'react-router';
import { findPage, HOME_PATH, normalizePath, NOT_FOUND_LABEL } from '../app/route-table.ts';

export function Breadcrumb() {
  const { pathname } = useLocation();
  const path = normalizePath(pathname);
  if (path === HOME_PATH) return null;
  const label = findPage(path)?.label ?? NOT_FOUND_LABEL;
  return (
    <nav className="breadcrumb" aria-label="Fil d’Ariane">
      <ol>
        <li>
          <Link to={HOME_PATH}>Accueil</Link>
        </li>
        <li aria-current="page">{label}</li>
      </ol>
    </nav>
  );
}
