/** A SeFlow server the user listed: its portal name and, optionally, its main IP. */
export interface SeflowServerRef {
  name: string;
  ip?: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/**
 * Parses the server list asked for at SeFlow sign-in: names as in the SeFlow portal, separated by
 * commas or spaces, each optionally `=IP` (SeFlow's API has no call that lists servers or their IPs).
 * Returns the servers or the problem with the text.
 */
export function parseSeflowServers(text: string): { servers: SeflowServerRef[] } | { error: string } {
  const parts = text
    .split(/[\s,;]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return { error: 'Give at least one server name, such as DS-1042' };
  const servers: SeflowServerRef[] = [];
  const seen = new Set<string>();
  for (const part of parts) {
    const [name = '', ip, extra] = part.split('=');
    if (extra !== undefined || !NAME.test(name))
      return { error: `"${part}" is not a server name such as DS-1042 or DS-1042=192.0.2.10` };
    if (ip !== undefined && !IPV4.test(ip)) return { error: `"${ip}" is not an IPv4 address` };
    if (seen.has(name)) continue;
    seen.add(name);
    servers.push(ip ? { name, ip } : { name });
  }
  return { servers };
}

export function formatSeflowServers(servers: readonly SeflowServerRef[]): string {
  return servers.map((s) => (s.ip ? `${s.name}=${s.ip}` : s.name)).join(', ');
}
