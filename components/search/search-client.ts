// The search dialog's behaviour. Pagefind's own JS (pagefind.js, its WebAssembly and index
// chunks) is imported the first time the dialog opens, from the site's /pagefind/ folder,
// so a page that nobody searches on loads none of it.

interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: { title?: string };
}
interface PagefindApi {
  options(o: { baseUrl: string }): Promise<void>;
  search(q: string): Promise<{ results: { data(): Promise<PagefindResultData> }[] } | null>;
}

const MAX_RESULTS = 8;

function el<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`search: #${id} is missing`);
  return node as T;
}

/** Pagefind excerpts are HTML with <mark> around hits; keep only text and <mark>. */
function safeExcerpt(html: string): DocumentFragment {
  const frag = document.createDocumentFragment();
  const parts = html.split(/(<mark>|<\/mark>)/);
  let marked = false;
  for (const part of parts) {
    if (part === '<mark>' || part === '</mark>') {
      marked = part === '<mark>';
      continue;
    }
    const text = new DOMParser().parseFromString(part, 'text/html').body.textContent ?? '';
    if (!text) continue;
    if (marked) {
      const m = document.createElement('mark');
      m.textContent = text;
      frag.append(m);
    } else {
      frag.append(text);
    }
  }
  return frag;
}

function renderResult(data: PagefindResultData): HTMLLIElement {
  const li = document.createElement('li');
  const a = document.createElement('a');
  a.href = data.url;
  a.textContent = data.meta.title ?? data.url;
  const p = document.createElement('p');
  p.append(safeExcerpt(data.excerpt));
  li.append(a, p);
  return li;
}

export function setUpSearch(): void {
  const open = el<HTMLButtonElement>('search-open');
  const dialog = el<HTMLDialogElement>('search-dialog');
  const input = el<HTMLInputElement>('search-input');
  const status = el<HTMLParagraphElement>('search-status');
  const list = el<HTMLUListElement>('search-results');
  const base = dialog.dataset.pagefind ?? '/pagefind/';
  let api: Promise<PagefindApi> | null = null;
  let latest = 0;

  const load = (): Promise<PagefindApi> => {
    api ??= (import(/* @vite-ignore */ `${base}pagefind.js`) as Promise<PagefindApi>).then(
      async (pf) => {
        await pf.options({ baseUrl: base.replace(/pagefind\/$/, '') });
        return pf;
      },
    );
    return api;
  };

  const run = async (query: string): Promise<void> => {
    const ticket = ++latest;
    if (!query.trim()) {
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    status.textContent = 'Searching…';
    try {
      const found = await (await load()).search(query);
      const items = await Promise.all(
        (found?.results ?? []).slice(0, MAX_RESULTS).map((r) => r.data()),
      );
      if (ticket !== latest) return;
      list.replaceChildren(...items.map(renderResult));
      status.textContent =
        items.length === 0 ? `No lessons mention “${query}”.` : `${items.length} result(s).`;
    } catch {
      if (ticket !== latest) return;
      status.textContent = 'Search is unavailable: the index is built by `npm run build`.';
    }
  };

  open.addEventListener('click', () => {
    dialog.showModal();
    input.focus();
    void load().catch(() => undefined);
  });
  input.addEventListener('input', () => void run(input.value));
  document.addEventListener('keydown', (e) => {
    const t = e.target;
    const typing =
      t instanceof HTMLElement &&
      (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));
    if (e.key === '/' && !dialog.open && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      open.click();
    }
  });
}
