/**
 * The recording agent's UDP listener answers with `json.dumps(res)` of what it received
 * (oracle-tools/agent.py do_listen), so the reply's length depends on that text: Python's
 * default separators ", " and ": ", ASCII-escaped. Only scenario probes' listeners answer: the
 * shell's servers (`nc -lu`) only read, as netcat does (UdpSocket.silent).
 */
import { formatIpv4 } from '../packet/ipv4.ts';

export function pyJsonString(s: string): string {
  return JSON.stringify(s).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function udpReplyPayload(
  peer: number,
  peerPort: number,
  local: number,
  localPort: number,
  data: string,
): string {
  return (
    `{"received": true, "peer": ["${formatIpv4(peer)}", ${peerPort}], ` +
    `"local": ["${formatIpv4(local)}", ${localPort}], "data": ${pyJsonString(data)}}`
  );
}
