/**
 * Exercise checking: a goal in words, checked by sending real probes through the engine on the
 * learner's machine. Any solution that makes every probe behave as required passes; a failing
 * check is named so the learner gets a hint, never the answer.
 */
export interface ProbeSpecJson {
  readonly from: string;
  readonly proto: 'tcp' | 'udp' | 'icmp';
  readonly dst: string;
  readonly dport?: number;
}

export interface ExerciseCheck {
  /** The condition in words: "a1 reaches b1 on tcp/5432". */
  readonly label: string;
  readonly probe: ProbeSpecJson;
  /** connected (tcp), reply (icmp/udp), or blocked (anything else: timeout, refused, error). */
  readonly expect: 'connected' | 'reply' | 'blocked';
  /** The source address the server must see (shows SNAT/MASQUERADE happened). */
  readonly peer?: string;
  /** Shown when this check fails. */
  readonly hint: string;
}

export interface ExerciseDef {
  readonly id: string;
  readonly goal: string;
  readonly checks: readonly ExerciseCheck[];
  /** The reference solution: terminal lines, run by tests/browser and the unit test. */
  readonly solution: readonly string[];
}

export interface ProbeOutcome {
  readonly client: { readonly result: string };
  readonly server: Readonly<Record<string, { readonly peer?: readonly unknown[] }>>;
}

export interface CheckResult {
  readonly label: string;
  readonly pass: boolean;
  /** What happened, e.g. "timed out" or "the server saw 10.10.0.2". */
  readonly saw: string;
  readonly hint?: string;
}

export function judge(check: ExerciseCheck, outcome: ProbeOutcome): CheckResult {
  const r = outcome.client.result;
  const reached = r === 'connected' || r === 'reply';
  const peers = Object.values(outcome.server).map((s) => String(s.peer?.[0] ?? ''));
  let pass = check.expect === 'blocked' ? !reached : r === check.expect;
  let saw = describeResult(r);
  if (pass && check.peer !== undefined && !peers.includes(check.peer)) {
    pass = false;
    saw = `the server saw the connection from ${peers.join(', ') || 'nobody'}`;
  }
  return pass
    ? { label: check.label, pass, saw }
    : { label: check.label, pass, saw, hint: check.hint };
}

function describeResult(r: string): string {
  const words: Record<string, string> = {
    connected: 'connected',
    reply: 'got a reply',
    timeout: 'timed out (dropped silently)',
    refused: 'was refused',
    unreachable: 'got host unreachable',
    'icmp-error': 'got an ICMP error',
  };
  return words[r] ?? r;
}

export function runChecks(
  checks: readonly ExerciseCheck[],
  send: (probe: ProbeSpecJson) => ProbeOutcome,
): CheckResult[] {
  return checks.map((c) => judge(c, send(c.probe)));
}
