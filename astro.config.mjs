// Astro configuration for the Packet Path course site.
// Pages, components and content live at the top of the repository (srcDir '.'), the
// output is a plain static site in dist/ that any web server can host under `base`.
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import preact from '@astrojs/preact';
import { iptablesGrammar, iptablesSaveGrammar } from './components/code/iptables-grammar.ts';

// Self-hosting under a sub-path: PACKETPATH_BASE=/course/ npm run build.
const base = process.env.PACKETPATH_BASE ?? '/';
// Another output directory (PACKETPATH_OUT_DIR) leaves the dist/ other tools read alone;
// scripts/chunk-sizes.ts builds there with source maps (PACKETPATH_SOURCEMAP=1) to attribute
// each chunk's bytes to its modules.
const outDir = process.env.PACKETPATH_OUT_DIR ?? './dist';
const sourcemap = process.env.PACKETPATH_SOURCEMAP === '1';

export default defineConfig({
  srcDir: '.',
  publicDir: './public',
  outDir,
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
    // No `modulePreload` here: Astro 7 sets it for the client build ({ polyfill: false }) over
    // whatever this says, and that is what first use wants: import() of the engine fetches the
    // chunks it imports in parallel (Vite's preload helper) instead of one after another.
    build: { assetsInlineLimit: 0, sourcemap },
  },
});
