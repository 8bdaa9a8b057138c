/// <reference types="vitest/config" />
/**
 * One Vite config for the PWA build (root: pwa/) and the Vitest projects of every workspace.
 * `@itercraft/shared/*` resolves to shared/src through the workspace package's exports.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { pwaPlugin } from './pwa/build/pwa-plugin.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('./pwa'),
  publicDir: here('./pwa/public'),
  plugins: [react(), pwaPlugin()],
  build: {
    outDir: here('./pwa/dist'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    port: 5173,
    proxy: {
      '/sync': 'http://127.0.0.1:8080',
      '/api': 'http://127.0.0.1:8080',
      '/oidc': 'http://127.0.0.1:8080',
    },
  },
  test: {
    projects: [
      {
        test: {
          name: 'shared',
          root: here('./shared'),
          environment: 'node',
          include: ['src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'server',
          root: here('./sync-server'),
          environment: 'node',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          globalSetup: ['./test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'pwa',
          root: here('./pwa'),
          environment: 'happy-dom',
          include: ['src/**/*.test.{ts,tsx}'],
          setupFiles: ['./test/setup.ts'],
        },
      },
      {
        test: {
          name: 'infra',
          root: here('.'),
          environment: 'node',
          include: ['mosquitto/test/**/*.test.ts', 'firmware/test/**/*.test.ts', 'devsecops/test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          root: here('./e2e'),
          environment: 'node',
          include: ['**/*.e2e.test.ts'],
          globalSetup: ['./global-setup.ts'],
          // Each file has its own server, database and Chromium; two at a time overlap the files' idle waits (token expiry, a real minute).
          maxWorkers: 2,
          // Its own group (vitest needs one per maxWorkers), after the unit and server suites.
          sequence: { groupOrder: 1 },
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
