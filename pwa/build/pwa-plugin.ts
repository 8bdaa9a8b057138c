/**
 * vite-plugin-pwa configuration: manifest, precache of the app shell and every lazy chunk (so each
 * page opens offline after one online visit), SPA fallback for deep links.
 * `registerType: 'prompt'`: the worker never skips waiting by itself; the app's update prompt
 * activates a new version only when no change is pending and no form is dirty.
 */
import type { PluginOption } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { appRoutesPlugin } from './app-routes.ts';

/** The service worker and manifest, plus dist/app-routes.json for the servers' real 404. */
export function pwaPlugin(): PluginOption[] {
  return [appRoutesPlugin(), ...VitePWA({
    registerType: 'prompt',
    injectRegister: false,
    includeAssets: ['icons/*.png', 'favicon.svg'],
    manifest: {
      id: '/',
      name: 'Itercraft',
      short_name: 'Itercraft',
      description: "Entretien de la maison, ludothèque, capteurs et activités : fonctionne aussi hors ligne.",
      lang: 'fr',
      dir: 'ltr',
      start_url: '/',
      scope: '/',
      display: 'standalone',
      theme_color: '#1a1b2e',
      background_color: '#1a1b2e',
      categories: ['lifestyle', 'productivity'],
      icons: [
        { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
        { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
        { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
    workbox: {
      globPatterns: ['**/*.{js,css,html,png,svg,webmanifest,woff2}'],
      navigateFallback: '/index.html',
      navigateFallbackDenylist: [/^\/sync\//, /^\/api\//, /^\/oidc\//, /^\/healthcheck$/],
      runtimeCaching: [
        {
          // Online, a navigation to /healthcheck gets the server's {"status":"UP"}; offline, the
          // app's own "État de santé" page (which says the server cannot be checked).
          urlPattern: ({ request, url }) => request.mode === 'navigate' && url.pathname === '/healthcheck',
          handler: 'NetworkOnly',
          options: { precacheFallback: { fallbackURL: '/index.html' } },
        },
      ],
      clientsClaim: true,
      cleanupOutdatedCaches: true,
      maximumFileSizeToCacheInBytes: 6 * 1024 * 1024,
    },
  })];
}
