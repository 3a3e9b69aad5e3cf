// Astro configuration for the Packet Path course site.
// Pages, components and content live at the top of the repository (srcDir '.'), the
// output is a plain static site in dist/ that any web server can host under `base`.
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import preact from '@astrojs/preact';
import { iptablesGrammar, iptablesSaveGrammar } from './components/code/iptables-grammar.ts';

// Self-hosting under a sub-path: PACKETPATH_BASE=/course/ npm run build.
const base = process.env.PACKETPATH_BASE ?? '/';
// scripts/chunk-sizes.mjs builds elsewhere with source maps to attribute the bytes of each
// chunk to its modules, without touching the dist/ other tools read.
const analyse = process.env.PACKETPATH_ANALYSE_DIR;

export default defineConfig({
  srcDir: '.',
  publicDir: './public',
  outDir: analyse ?? './dist',
  output: 'static',
  site: process.env.PACKETPATH_SITE ?? 'http://127.0.0.1:4321',
  base,
  trailingSlash: 'ignore',
  build: { format: 'directory', inlineStylesheets: 'always' },
  devToolbar: { enabled: false },
  // Only pages/ is routed; everything else under srcDir is imported explicitly.
  integrations: [mdx(), preact()],
  markdown: {
    shikiConfig: {
      // github-light fails WCAG colour contrast; the high-contrast pair passes in both themes.
      themes: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' },
      defaultColor: 'light',
      langs: [iptablesGrammar, iptablesSaveGrammar],
      wrap: false,
    },
  },
  vite: {
    build: { assetsInlineLimit: 0, modulePreload: false, sourcemap: analyse !== undefined },
  },
});
