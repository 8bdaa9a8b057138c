/** Header, breadcrumb, main area, footer, cookie banner and update prompt around every page. */
import { Outlet, ScrollRestoration } from 'react-router';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { CookieConsent } from '../components/cookie-consent.tsx';
import { Footer } from '../components/footer.tsx';
import { Header } from '../components/header/header.tsx';
import { UpdatePrompt } from '../components/update-prompt.tsx';
import { useUnsavedInputGuard } from './dirty-forms.ts';
import { useDocumentTitle, useFocusOnNavigation } from './use-navigation-effects.ts';

const MAIN_ID = 'contenu';

export function AppLayout() {
  useDocumentTitle();
  useFocusOnNavigation(MAIN_ID);
  useUnsavedInputGuard();
  return (
    <div className="app">
      <Header />
      <Breadcrumb />
      <main id={MAIN_ID} className="app-content" tabIndex={-1}>
        <Outlet />
      </main>
      <Footer />
      <CookieConsent />
      <UpdatePrompt />
      <ScrollRestoration />
    </div>
  );
}
