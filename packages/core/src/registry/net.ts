// IPv4 arithmetic shared by the firewall schemas, their risk rules and the sandbox.

/** `192.0.2.1` → its 32-bit value. */
export function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

/** A 32-bit value → dotted quad. */
export function intToIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** An IPv4 block: the address written, the first address of the block, and how many it holds. */
export interface Ipv4Block {
  address: number;
  base: number;
  size: number;
  prefix: number;
}

/** `192.168.2.1/24` → its address, first address, size and prefix length. */
export function parseCidr(cidr: string): Ipv4Block {
  const [ip = '', bits = '32'] = cidr.split('/');
  const prefix = Number(bits);
  const address = ipv4ToInt(ip);
  const size = 2 ** (32 - prefix);
  return { address, base: address - (address % size), size, prefix };
}

/** Whether two blocks share an address. */
export function cidrOverlaps(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  return x.base < y.base + y.size && y.base < x.base + x.size;
}

/** Whether every address of `inner` lies in `outer`. */
export function cidrWithin(inner: string, outer: string): boolean {
  const x = parseCidr(inner);
  const y = parseCidr(outer);
  return x.base >= y.base && x.base + x.size <= y.base + y.size;
}

/** The RFC 1918 private ranges. */
export const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] as const;

// Blocks that are not the public internet: private, loopback, link-local, shared (CGNAT).
const nonPublic = [...PRIVATE_RANGES, '127.0.0.0/8', '169.254.0.0/16', '100.64.0.0/10'];

/** Whether the whole block (prefix included: `10.0.0.1/4` is not) lies in one RFC 1918 range. */
export function isPrivateCidr(cidr: string): boolean {
  return PRIVATE_RANGES.some((range) => cidrWithin(cidr, range));
}

/** Whether a source block reaches beyond private, loopback, link-local and shared addresses. */
export function reachesPublicInternet(cidr: string): boolean {
  return !nonPublic.some((range) => cidrWithin(cidr, range));
}
