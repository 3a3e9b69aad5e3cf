/**
 * Port names from Debian's /etc/services (netbase 6.4) for the ports the course's servers use,
 * as netcat-openbsd prints them after a connection (`port [tcp/ssh] succeeded!`); a port not
 * listed prints `*`, as nc does when getservbyport finds nothing.
 */
const SERVICES: Readonly<Record<string, string>> = {
  'tcp/21': 'ftp',
  'udp/21': 'fsp',
  'tcp/22': 'ssh',
  'tcp/23': 'telnet',
  'tcp/25': 'smtp',
  'tcp/53': 'domain',
  'udp/53': 'domain',
  'udp/67': 'bootps',
  'udp/68': 'bootpc',
  'udp/69': 'tftp',
  'tcp/80': 'http',
  'udp/123': 'ntp',
  'tcp/161': 'snmp',
  'udp/161': 'snmp',
  'tcp/443': 'https',
  'udp/443': 'https',
  'tcp/514': 'shell',
  'udp/514': 'syslog',
  'tcp/3306': 'mysql',
  'udp/5353': 'mdns',
  'tcp/5432': 'postgresql',
  'tcp/6379': 'redis',
  'tcp/8080': 'http-alt',
  'tcp/8081': 'tproxy',
};

export function serviceName(proto: 'tcp' | 'udp', port: number): string {
  return SERVICES[`${proto}/${port}`] ?? '*';
}
