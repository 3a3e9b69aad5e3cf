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

/** Text of an HTML fragment without tags, spaces kept (a <textarea> parses as plain text). */
function decodeEntities(html: string): string {
  const box = document.createElement('textarea');
  box.innerHTML = html.replace(/<[^>]*>/g, '');
  return box.value;
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
    const text = decodeEntities(part);
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

/** Imports Pagefind once, on first use; a failed import is retried next time. */
function pagefindLoader(base: string): () => Promise<PagefindApi> {
  let api: Promise<PagefindApi> | null = null;
  return () => {
    api ??= (import(/* @vite-ignore */ `${base}pagefind.js`) as Promise<PagefindApi>).then(
      async (pf) => {
        await pf.options({ baseUrl: base.replace(/pagefind\/$/, '') });
        return pf;
      },
      (err: unknown) => {
        api = null;
        throw err;
      },
    );
    return api;
  };
}

interface ResultsView {
  status: HTMLElement;
  list: HTMLUListElement;
}

/** Returns a search function that shows only the answer to the latest query. */
function searcher(view: ResultsView, load: () => Promise<PagefindApi>) {
  let latest = 0;
  return async (query: string): Promise<void> => {
    const ticket = ++latest;
    if (!query.trim()) {
      view.list.replaceChildren();
      view.status.textContent = '';
      return;
    }
    view.status.textContent = 'Searching…';
    try {
      const found = await (await load()).search(query);
      const hits = (found?.results ?? []).slice(0, MAX_RESULTS);
      const items = await Promise.all(hits.map((r) => r.data()));
      if (ticket !== latest) return;
      view.list.replaceChildren(...items.map(renderResult));
      view.status.textContent =
        items.length === 0 ? `No lessons mention “${query}”.` : `${items.length} result(s).`;
    } catch {
      if (ticket !== latest) return;
      view.status.textContent = 'Search is unavailable: the index is built by `npm run build`.';
    }
  };
}

/** True while the learner types into a field, where "/" must stay a character. */
function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

export function setUpSearch(): void {
  const open = el<HTMLButtonElement>('search-open');
  const dialog = el<HTMLDialogElement>('search-dialog');
  const input = el<HTMLInputElement>('search-input');
  const load = pagefindLoader(dialog.dataset.pagefind ?? '/pagefind/');
  const search = searcher(
    {
      status: el<HTMLParagraphElement>('search-status'),
      list: el<HTMLUListElement>('search-results'),
    },
    load,
  );
  open.addEventListener('click', () => {
    dialog.showModal();
    input.focus();
    void load().catch(() => undefined);
  });
  input.addEventListener('input', () => void search(input.value));
  // Enter moves to the first result instead of submitting (and closing) anything.
  el<HTMLFormElement>('search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void search(input.value).then(() => {
      dialog.querySelector<HTMLAnchorElement>('#search-results a')?.focus();
    });
  });
  document.addEventListener('keydown', (e) => {
    const modified = e.ctrlKey || e.metaKey || e.altKey;
    if (e.key === '/' && !dialog.open && !modified && !isTyping(e.target)) {
      e.preventDefault();
      open.click();
    }
  });
}
