// Runs inline in <head> before the first paint so a stored or system dark theme never
// flashes light. Kept tiny; the toggle button's handler lives in ThemeToggle.astro.
// This file documents the source; BaseLayout.astro inlines THEME_INIT_SCRIPT verbatim.
export const THEME_KEY = 'packetpath:theme';

export const THEME_INIT_SCRIPT = `(function(){var t;try{t=localStorage.getItem('${THEME_KEY}')}catch(e){}if(t!=='light'&&t!=='dark'){t=matchMedia('(prefers-color-scheme: dark)').matches?'dark':'light'}document.documentElement.dataset.theme=t})();`;
