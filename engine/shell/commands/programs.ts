/**
 * Commands implemented outside the shell (the iptables family, nft) and reached through the
 * namespace, so the shell never parses their languages itself.
 */
import {
  notSimulated,
  type CommandContext,
  type CommandResult,
  type ShellCommand,
} from '../types.ts';

/** A command the namespace provides; argv[0] keeps the name typed (iptables-nft, iptables-legacy…). */
export function namespaceProgram(name: string): ShellCommand {
  return (ctx: CommandContext): CommandResult => {
    const program = ctx.ns.program(name);
    if (!program) return notSimulated(name);
    return program(ctx.argv, ctx.stdin);
  };
}

/** The iptables family, every name the iptables 1.8.9 package installs for IPv4. */
export const IPTABLES_PROGRAMS = [
  'iptables',
  'iptables-save',
  'iptables-restore',
  'iptables-nft',
  'iptables-nft-save',
  'iptables-nft-restore',
  'iptables-legacy',
  'iptables-legacy-save',
  'iptables-legacy-restore',
] as const;

/**
 * Programs a Debian host has that the simulator does not model: they answer so plainly instead
 * of `command not found` (IPv6 and ebtables/arptables, file and process tools, other network
 * tools, editors).
 */
export const UNSIMULATED_PROGRAMS = [
  'ls',
  'cp',
  'mv',
  'rm',
  'mkdir',
  'touch',
  'chmod',
  'ps',
  'top',
  'netstat',
  'ifconfig',
  'arp',
  'arping',
  'traceroute',
  'tracepath',
  'dig',
  'nslookup',
  'host',
  'wget',
  'telnet',
  'socat',
  'ethtool',
  'brctl',
  'systemctl',
  'service',
  'journalctl',
  'apt',
  'apt-get',
  'vi',
  'vim',
  'nano',
  'less',
  'more',
  'sed',
  'awk',
  'cut',
  'tr',
  'xargs',
  'watch',
  'ip6tables',
  'ip6tables-save',
  'ip6tables-restore',
  'ebtables',
  'arptables',
  'iptables-translate',
  'ip6tables-translate',
  'iptables-restore-translate',
  'xtables-monitor',
] as const;
