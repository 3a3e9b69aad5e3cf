import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { main } from '../main.ts';

const golden = (name: string) =>
  readFileSync(
    new URL(`../../engine/generators/kubeProxy/golden/${name}`, import.meta.url),
    'utf8',
  );
const goldenPath = (name: string) =>
  new URL(`../../engine/generators/kubeProxy/golden/${name}`, import.meta.url).pathname;

async function run(args: string[], stdin = '') {
  let out = '';
  let err = '';
  const code = await main(['kube-proxy', ...args], {
    stdout: (s) => void (out += s),
    stderr: (s) => void (err += s),
    readStdin: async () => stdin,
  });
  return { code, out, err };
}

describe('packetpath kube-proxy', () => {
  it('prints the iptables-restore input for a file', async () => {
    const r = await run([goldenPath('basic.yaml')]);
    expect(r).toEqual({ code: 0, out: golden('basic.restore.txt'), err: '' });
  });

  it('reads stdin and takes the node settings as options', async () => {
    const args = [
      '-',
      '--node-name',
      'test-node',
      '--node-ip',
      '192.168.0.2',
      '--cluster-cidr',
      '10.0.0.0/8',
      '--no-random-fully',
      '--nfacct',
    ];
    const r = await run(args, golden('overall.yaml'));
    expect(r.out).toBe(golden('overall.restore.txt'));
    const edge = await run([
      goldenPath('edge.yaml'),
      '--masquerade-all',
      '--cluster-cidr',
      'none',
      '--no-localhost-nodeports',
      '--conntrack-tcp-be-liberal',
    ]);
    expect(edge.out).toBe(golden('edge.restore.txt'));
  });

  it('prints the start-up commands with --jumps', async () => {
    const r = await run([goldenPath('basic.yaml'), '--jumps']);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe('iptables -t mangle -N KUBE-PROXY-CANARY');
    expect(r.out).toContain(
      'iptables -t nat -I PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES\n',
    );
  });

  // --save replays kube-proxy's start-up and restore through the simulated shell's iptables.
  // The expected text is what the real iptables-save 1.8.9 printed after the same commands
  // (engine/generators/kubeProxy/golden/*.iptables-save.txt). basic.yaml has an SCTP service,
  // so it needs the sctp match (engine/commands/iptables/ext/sctp.ts).
  const SAVE_FLAGS: Record<string, string[]> = {
    basic: [],
    edge: [
      '--masquerade-all',
      '--cluster-cidr',
      'none',
      '--no-localhost-nodeports',
      '--conntrack-tcp-be-liberal',
    ],
  };
  /** iptables-save text as { table: its lines }, comment lines dropped. */
  function tables(text: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const part of text.split(/^(?=\*)/m)) {
      const body = part.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
      if (body[0]?.startsWith('*')) out[body[0].slice(1)] = body.join('\n');
    }
    return out;
  }

  async function save(name: string) {
    return run([goldenPath(`${name}.yaml`), '--save', ...SAVE_FLAGS[name]!]);
  }

  it.each(['basic', 'edge'])(
    '--save prints every table as the real iptables-save did (%s)',
    async (name) => {
      const r = await save(name);
      expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
      expect(tables(r.out)).toEqual(tables(golden(`${name}.iptables-save.txt`)));
    },
  );

  // The real iptables-save 1.8.9 (nf_tables) prints tables in a fixed order (mangle,
  // security, raw, filter, nat; measured): the whole text must match, not just each table.
  it.each(['basic', 'edge'])('--save prints the tables in the real order (%s)', async (name) => {
    const r = await save(name);
    const withoutComments = (t: string) =>
      t
        .split('\n')
        .filter((l) => !l.startsWith('#'))
        .join('\n');
    expect(withoutComments(r.out)).toBe(withoutComments(golden(`${name}.iptables-save.txt`)));
  });

  it('notes documents kube-proxy does not read', async () => {
    const r = await run(['-'], 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\n');
    expect(r.code).toBe(0);
    expect(r.err).toBe(
      'packetpath kube-proxy: document 1 (Deployment web): ignored (kube-proxy reads Services and EndpointSlices)\n',
    );
  });

  it.each([
    [[], 'packetpath kube-proxy: missing FILE (usage: packetpath kube-proxy FILE [--save])\n'],
    [['a', 'b'], "packetpath kube-proxy: one FILE only, got 'a' and 'b'\n"],
    [
      ['x', '--bogus'],
      "packetpath kube-proxy: unknown option '--bogus' (see 'packetpath kube-proxy --help')\n",
    ],
    [['x', '--node-name'], "packetpath kube-proxy: option '--node-name' needs a value\n"],
    [
      ['/nonexistent/k.yaml'],
      'packetpath kube-proxy: /nonexistent/k.yaml: No such file or directory\n',
    ],
  ])('rejects %j with one line and exit 2', async (args, message) => {
    const r = await run(args);
    expect(r).toEqual({ code: 2, out: '', err: message });
  });

  it('names the document and field of bad input, exit 2', async () => {
    const bad =
      'apiVersion: v1\nkind: Service\nmetadata: { name: a }\nspec: { ports: [{ port: 80 }] }\n---\napiVersion: v1\nkind: Service\nmetadata: { name: b }\nspec: { ports: [{ port: 99999 }] }\n';
    const r = await run(['-'], bad);
    expect(r).toEqual({
      code: 2,
      out: '',
      err: 'packetpath kube-proxy: -: document 2 (Service b): spec.ports[0].port: must be between 1 and 65535, inclusive (got 99999)\n',
    });
    const cidr = await run(
      ['-', '--cluster-cidr', '10.0.0.0/99'],
      'kind: List\napiVersion: v1\nitems: []\n',
    );
    expect(cidr).toEqual({
      code: 2,
      out: '',
      err: 'packetpath kube-proxy: -: clusterCIDR: not an IPv4 CIDR: 10.0.0.0/99\n',
    });
  });
});
