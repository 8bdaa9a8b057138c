/** vite-plugin-pwa configuration: manifest, precache of the app shell and lazy chunks, SPA fallback. */
import { VitePWA } from 'vite-plugin-pwa';

export function pwaPlugin() {
  return VitePWA({
    registerType: 'prompt',
    injectRegister: false,
    includeAssets: ['icons/*.png', 'favicon.svg'],
    manifest: {
      name: 'Itercraft',
      short_name: 'Itercraft',
      description: "Entretien de la maison, ludothèque, capteurs et activités : fonctionne aussi hors ligne.",
      lang: 'fr',
      start_url: '/',
      scope: '/',
      display: 'standalone',
      theme_color: '#1a1b2e',
      background_color: '#1a1b2e',
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
      clientsClaim: true,
      cleanupOutdatedCaches: true,
      maximumFileSizeToCacheInBytes: 6 * 1024 * 1024,
    },
  });
}
