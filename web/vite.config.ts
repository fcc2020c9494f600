import path from 'node:path';
import { defineConfig } from 'vite';

/**
 * The dashboard's build: Preact's JSX through Vite's own transformer (no
 * plugin), one hashed script and stylesheet, no inline script or style — the
 * Content-Security-Policy allows only 'self'.
 */
export default defineConfig({
  root: path.dirname(new URL(import.meta.url).pathname),
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  logLevel: 'warn',
});
