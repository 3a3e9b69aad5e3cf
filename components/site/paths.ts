// Links inside the site, prefixed with Astro's `base` so the build can be hosted under a
// sub-path (PACKETPATH_BASE=/course/). Every internal href goes through here.

export function withBase(path: string, base: string = import.meta.env.BASE_URL): string {
  const b = base.endsWith('/') ? base : `${base}/`;
  return `${b}${path.replace(/^\/+/, '')}`;
}

export function lessonHref(slug: string): string {
  return withBase(`lessons/${slug}/`);
}
