// Connects the page to the progress store through data attributes, so layouts stay plain
// HTML and no framework ships:
//   [data-progress-visit="slug"]     marks the lesson visited when the page loads
//   [data-progress-complete="slug"]  a button toggling "completed" (aria-pressed)
//   [data-progress-status="slug"]    shows the lesson's status (data-status + text)
//   [data-progress-detail="slug"]    quiz score and exercises solved ("quiz 4/5 · 1 exercise solved")
//   [data-progress-summary]          "N of M chapters completed" (data-total = M)
// Widgets that change progress call the store, then dispatch PROGRESS_EVENT on window.
import { ProgressStore, lessonDetail, lessonStatus, type LessonStatus } from './progress.ts';

export const PROGRESS_EVENT = 'packetpath:progress';

const STATUS_TEXT: Record<LessonStatus, string> = {
  'not-started': 'Not started',
  visited: 'In progress',
  completed: 'Completed',
};

function paint(store: ProgressStore): void {
  const progress = store.read();
  for (const node of document.querySelectorAll<HTMLElement>('[data-progress-status]')) {
    const slug = node.dataset.progressStatus ?? '';
    const status = lessonStatus(store.lesson(slug));
    node.dataset.status = status;
    const text = node.querySelector('[data-status-text]') ?? node;
    text.textContent = STATUS_TEXT[status];
  }
  for (const node of document.querySelectorAll<HTMLElement>('[data-progress-detail]')) {
    const detail = lessonDetail(store.lesson(node.dataset.progressDetail ?? ''));
    node.textContent = detail ? ` · ${detail}` : '';
  }
  for (const button of document.querySelectorAll<HTMLElement>('[data-progress-complete]')) {
    const done = store.lesson(button.dataset.progressComplete ?? '').completed;
    button.setAttribute('aria-pressed', String(done));
  }
  const completed = Object.values(progress.lessons).filter((l) => l.completed).length;
  for (const node of document.querySelectorAll<HTMLElement>('[data-progress-summary]')) {
    node.textContent = `${completed} of ${node.dataset.total ?? '?'} chapters completed`;
  }
}

export function setUpProgress(store: ProgressStore = new ProgressStore()): void {
  const visit = document.querySelector<HTMLElement>('[data-progress-visit]');
  if (visit?.dataset.progressVisit) store.markVisited(visit.dataset.progressVisit);
  for (const button of document.querySelectorAll<HTMLElement>('[data-progress-complete]')) {
    button.addEventListener('click', () => {
      const slug = button.dataset.progressComplete ?? '';
      store.setCompleted(slug, !store.lesson(slug).completed);
      paint(store);
    });
  }
  window.addEventListener(PROGRESS_EVENT, () => paint(store));
  // Another tab changed progress.
  window.addEventListener('storage', () => paint(store));
  paint(store);
}
