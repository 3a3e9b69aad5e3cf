/**
 * The terminal's saved command history, so a lesson's machine survives a reload: the widget
 * replays the lines on load. One localStorage key of its own, versioned; a corrupt or foreign
 * value is replaced without throwing, and no other key is ever read or written.
 */
export const HISTORY_KEY = 'packetpath:terminal';
export const HISTORY_VERSION = 1;
/** Bounds what one session keeps: replaying stays fast and the key stays small. */
export const MAX_LINES = 200;

interface HistoryV1 {
  readonly v: 1;
  readonly sessions: Record<string, string[]>;
}

export interface KeyValue {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

function parse(raw: string | null): HistoryV1 {
  try {
    const v: unknown = raw === null ? null : JSON.parse(raw);
    if (!isHistory(v)) return { v: 1, sessions: {} };
    return v;
  } catch {
    return { v: 1, sessions: {} };
  }
}

function isHistory(v: unknown): v is HistoryV1 {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as { v?: unknown; sessions?: unknown };
  if (o.v !== HISTORY_VERSION || typeof o.sessions !== 'object' || o.sessions === null)
    return false;
  return Object.values(o.sessions).every(
    (lines) => Array.isArray(lines) && lines.every((l) => typeof l === 'string'),
  );
}

export function loadHistory(store: KeyValue | undefined, session: string): string[] {
  if (!store) return [];
  try {
    return [...(parse(store.getItem(HISTORY_KEY)).sessions[session] ?? [])];
  } catch {
    return [];
  }
}

export function saveHistory(
  store: KeyValue | undefined,
  session: string,
  lines: readonly string[],
): void {
  if (!store) return;
  try {
    const all = parse(store.getItem(HISTORY_KEY));
    const sessions = { ...all.sessions, [session]: lines.slice(-MAX_LINES) };
    store.setItem(HISTORY_KEY, JSON.stringify({ v: HISTORY_VERSION, sessions }));
  } catch {
    // Storage full or disabled (private mode): the terminal keeps working without saving.
  }
}

export function browserStore(): KeyValue | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}
