/** Entry point: styles, install-prompt capture, providers + router, then the service worker. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { AppProvider } from './app/provider.tsx';
import { createAppRouter } from './app/router.tsx';
import { isProductionBuild } from './app/env.ts';
import { listenForInstallPrompt } from './app/install-prompt.ts';
import { registerServiceWorker } from './app/update/register-sw.ts';
import './styles/index.css';

listenForInstallPrompt();

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');
createRoot(container).render(
  <StrictMode>
    <AppProvider>
      <RouterProvider router={createAppRouter()} />
    </AppProvider>
  </StrictMode>,
);

// Only production builds have a generated /sw.js; in dev a worker would serve stale modules.
if (isProductionBuild()) void registerServiceWorker();
