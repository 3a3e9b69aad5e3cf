/**
 * Terminal island: the lesson's simulated host. Server-rendered with its prompt and a hint;
 * the engine loads on first focus. Enter runs, Up/Down walk the history, Tab completes (on an
 * empty line Tab leaves the terminal, so keyboard users are never trapped), Ctrl-L clears,
 * pasted lines run one by one, `reset` restores the lesson's starting state. Output is plain
 * text in a labelled log (copy button beside it); the latest result is announced.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { ScenarioJson } from './lib/lessonWorld.ts';
import type { LessonShell } from './lib/lessonShell.ts';
import {
  cursorAt,
  fromInputLine,
  moveHistory,
  screenText,
  splitPaste,
  type HistoryCursor,
  type ScreenLine,
} from './lib/terminalModel.ts';
import { browserStore, loadHistory } from './lib/terminalHistory.ts';
import './widgets.css';

type Machine = typeof import('./lib/machine.ts');
type Completion = typeof import('./lib/completion.ts');

export interface TerminalProps {
  readonly session: string;
  readonly scenario: ScenarioJson;
  readonly label?: string;
  /** Called after each command (the exercise re-checks nothing by itself; it just knows). */
  readonly onRun?: () => void;
}

let loader: Promise<Machine> | undefined;
/** The engine half of the widgets, loaded once on first use; a failed load is tried again. */
export function loadMachine(): Promise<Machine> {
  loader ??= import('./lib/machine.ts').catch((err: unknown) => {
    loader = undefined;
    throw err;
  });
  return loader;
}

let completer: Promise<Completion> | undefined;
/** Tab completion, loaded on the first Tab (most learners never press it). */
function loadCompletion(): Promise<Completion> {
  completer ??= import('./lib/completion.ts').catch((err: unknown) => {
    completer = undefined;
    throw err;
  });
  return completer;
}

/** How long a Tab waits for completion's code before the status says it is loading. */
const SLOW_LOAD_MS = 400;
const LOADING_COMPLETION = 'Loading Tab completion…';

export default function Terminal({ session, scenario, label, onRun }: TerminalProps) {
  const [screen, setScreen] = useState<ScreenLine[]>([
    {
      kind: 'info',
      text: 'Type `help` for the commands, `reset` to start over. Tab completes; on an empty line Tab moves on.',
    },
  ]);
  const [input, setInputState] = useState('');
  // The line as typed so far, also between renders: keys typed while Tab's code loads land here.
  const line = useRef('');
  const setInput = (text: string) => {
    line.current = text;
    setInputState(text);
  };
  /** A Tab still completing; Enter and the next Tab wait for it, as bash's typeahead does. */
  const tabbing = useRef<Promise<void> | undefined>(undefined);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [continued, setContinued] = useState(false);
  const pending = useRef<string | undefined>(undefined);
  const cursor = useRef<HistoryCursor>(cursorAt([]));
  const shell = useRef<{ m: Machine; s: LessonShell } | undefined>(undefined);
  const logRef = useRef<HTMLPreElement>(null);
  const id = `term-${session.replace(/[^a-z0-9-]/gi, '-')}`;
  const prompt = `root@${scenario.namespaces.host ? 'host' : Object.keys(scenario.namespaces)[0]}:~# `;

  const ensure = async () => {
    if (shell.current) return shell.current;
    setBusy(true);
    const m = await loadMachine();
    const { shell: s, restored } = await m.openSession(session, scenario);
    shell.current = { m, s };
    if (restored.length > 0) {
      const lines = m.restoredScreen(restored, prompt);
      setScreen((old) => [...old, ...lines]);
      setStatus(`Restored ${restored.length} commands`);
    }
    cursor.current = cursorAt(s.history());
    setBusy(false);
    return shell.current;
  };

  useEffect(() => {
    if (hasSaved(session)) void ensure();
  }, []);

  useEffect(() => {
    const el = logRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [screen]);

  /** The lines fed so far, in order: each waits for the ones before it. */
  const feeding = useRef<Promise<void>>(Promise.resolve());
  /**
   * Feeds typed or pasted lines; a line inside a quote or here-document waits for more. Lines
   * typed while the engine or a program loads queue up and run in the order typed, as a
   * terminal's typeahead does (each one continues the here-document the one before opened).
   */
  const runLines = (lines: readonly string[]): Promise<void> => {
    const run = feeding.current.then(() => feed(lines));
    feeding.current = run.catch(() => undefined);
    return run;
  };
  const feed = async (lines: readonly string[]) => {
    const { m, s } = await ensure();
    const r = await m.runLines(s, lines, pending.current, prompt);
    pending.current = r.pending;
    setScreen((old) => (r.wiped ? [...r.screen] : [...old, ...r.screen]));
    setContinued(r.pending !== undefined);
    setStatus(r.status);
    cursor.current = cursorAt(s.history());
    m.persist(session, s);
    onRun?.();
  };

  const onKeyDown = async (e: JSX.TargetedKeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      await tabbing.current;
      const typed = line.current;
      setInput('');
      await runLines([fromInputLine(typed)]);
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      const { cursor: c, text } = moveHistory(cursor.current, e.key === 'ArrowUp' ? -1 : 1, input);
      cursor.current = c;
      setInput(text);
    } else if (e.key === 'Tab' && !e.shiftKey && line.current.trim() !== '') {
      e.preventDefault();
      await onTab();
    } else if (
      e.key === 'c' &&
      e.ctrlKey &&
      e.currentTarget.selectionStart === e.currentTarget.selectionEnd
    ) {
      e.preventDefault();
      pending.current = undefined;
      setContinued(false);
      setScreen((old) => [...old, { kind: 'cmd', text: `${continued ? '> ' : prompt}${input}^C` }]);
      setInput('');
      setStatus('Cancelled');
    } else if (e.key === 'l' && e.ctrlKey) {
      e.preventDefault();
      setScreen([]);
      setStatus('Screen cleared');
    }
  };

  const onTab = async () => {
    const before = tabbing.current;
    const done = (async () => {
      await before;
      await completeInput(line.current);
    })();
    tabbing.current = done;
    await done;
    if (tabbing.current === done) tabbing.current = undefined;
  };

  /** Completes `typed`, the line when Tab was pressed; the first Tab loads completion's code. */
  const completeInput = async (typed: string) => {
    const slow = window.setTimeout(() => setStatus(LOADING_COMPLETION), SLOW_LOAD_MS);
    let loaded: [{ m: Machine; s: LessonShell }, Completion];
    try {
      loaded = await Promise.all([ensure(), loadCompletion()]);
    } catch {
      setStatus('Tab completion could not load (network?): press Tab to try again');
      return;
    } finally {
      window.clearTimeout(slow);
    }
    const [{ m, s }, c] = loaded;
    // Keys typed while the code loaded follow the completion; a line changed otherwise (Up,
    // Ctrl-C) is not completed, and the status no longer says completion is loading.
    if (!line.current.startsWith(typed)) {
      setStatus((old) => (old === LOADING_COMPLETION ? '' : old));
      return;
    }
    const after = line.current.slice(typed.length);
    const r = c.complete(typed, {
      commands: s.commandNames(),
      chains: (t, ns) => m.chainsOf(s, ns, t),
      namespaces: s.netnsNames(),
    });
    setInput(r.line + after);
    const { list, status } = c.tabOutcome(typed, r);
    if (list !== undefined) setScreen((old) => [...old, { kind: 'info', text: list }]);
    setStatus(status);
  };

  const onPaste = async (e: JSX.TargetedClipboardEvent<HTMLInputElement>) => {
    const text = e.clipboardData?.getData('text') ?? '';
    if (!text.includes('\n')) return;
    e.preventDefault();
    const { run, rest } = splitPaste(input, text);
    setInput(rest);
    await runLines(run);
  };

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(screenText(screen));
      setStatus('Output copied');
    } catch {
      setStatus('Copying is blocked here: select the output and copy it by hand');
    }
  };

  return (
    <section class="pp-widget pp-terminal" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} class="pp-widget-title">
        {label ?? 'Terminal'}
      </h3>
      <pre
        ref={logRef}
        class="pp-term-log"
        tabIndex={0}
        role="log"
        aria-label="Terminal output"
        aria-live="off"
      >
        {screen.map((l, i) => (
          <span key={i} class={`pp-term-${l.kind}`}>
            {l.kind === 'info' ? unbroken(l.text) : l.text}
            {'\n'}
          </span>
        ))}
      </pre>
      <div class="pp-term-input">
        <label for={`${id}-in`} class="pp-term-prompt">
          <span class="visually-hidden">Command</span>
          <span aria-hidden="true">{continued ? '> ' : prompt}</span>
        </label>
        <input
          id={`${id}-in`}
          type="text"
          value={input}
          autocomplete="off"
          autocapitalize="off"
          spellcheck={false}
          aria-describedby={`${id}-status`}
          onFocus={() => void ensure()}
          onInput={(e) => setInput(e.currentTarget.value)}
          onKeyDown={(e) => void onKeyDown(e)}
          onPaste={(e) => void onPaste(e)}
        />
      </div>
      <div class="pp-row">
        <button type="button" onClick={() => void copy()}>
          Copy output
        </button>
        <button type="button" onClick={() => void runLines(['reset'])}>
          Reset machine
        </button>
        <span id={`${id}-status`} class="pp-status" role="status" aria-live="polite">
          {busy ? 'Loading the simulator…' : status}
        </span>
      </div>
    </section>
  );
}

function hasSaved(session: string): boolean {
  return loadHistory(browserStore(), session).length > 0;
}

/**
 * A wrapped info line (the hint, Tab's candidates) breaks only between words: a browser may
 * break at a hyphen, and "iptables-" / "legacy-save" reads as two commands.
 */
function unbroken(text: string) {
  return text.split(/( +)/).map((w, i) =>
    w.trim() === '' ? (
      w
    ) : (
      <span key={i} class="pp-word">
        {w}
      </span>
    ),
  );
}
