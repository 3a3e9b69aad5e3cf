/** Shared pieces of the `ip` subcommands: results, iproute2's `matches`, address parsing. */
import { parseIpv4 } from '../../../packet/ipv4.ts';
import type { NamespaceHost, WorldHost } from '../../host.ts';
import { fail, type CommandResult } from '../../types.ts';

export interface IpContext {
  readonly world: WorldHost;
  readonly ns: NamespaceHost;
  readonly brief: boolean;
  readonly family4: boolean;
}

/** iproute2's matches(): the word typed is a prefix of the keyword. */
export function matches(word: string | undefined, keyword: string): boolean {
  return word !== undefined && word.length > 0 && keyword.startsWith(word);
}

export const cannotFind = (dev: string): CommandResult => fail(`Cannot find device "${dev}"\n`);
export const rtnetlink = (what: string): CommandResult => fail(`RTNETLINK answers: ${what}\n`, 2);
export const kernelError = (what: string): CommandResult => fail(`Error: ${what}\n`, 2);

/** `A/len` as `ip addr add` reads it (host bits kept); a bare address is /32. */
export function parseAddrPrefix(text: string): { addr: number; len: number } | undefined {
  const m = /^([^/]+)(?:\/(\d{1,2}))?$/.exec(text);
  if (!m) return undefined;
  const addr = parseIpv4(m[1]!);
  const len = m[2] === undefined ? 32 : Number(m[2]);
  if (addr === undefined || len > 32 || !/^\d+\.\d+\.\d+\.\d+$/.test(m[1]!)) return undefined;
  return { addr, len };
}

export function invalidPrefix(text: string): CommandResult {
  return fail(`Error: any valid prefix is expected rather than "${text}".\n`);
}
