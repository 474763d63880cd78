import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where the pool may send webhooks: https hosts on the public internet. A webhook is a request
 * the pool makes on an admin's behalf, so without this an admin (or a stolen admin session) could
 * make the pool probe its own network (SSRF). `LEADPOND_WEBHOOK_ALLOW_HOSTS` (host:port, comma-
 * separated) lets through named exceptions: tests, an on-premise CRM.
 */
export interface WebhookTargetPolicy {
  /** Lower-case `host:port` entries allowed whatever their address or scheme. */
  allowHosts: ReadonlySet<string>;
}

export function parseAllowHosts(value: string | undefined): WebhookTargetPolicy {
  const entries = (value ?? '')
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '');
  return { allowHosts: new Set(entries) };
}

const PRIVATE = new BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  PRIVATE.addSubnet(prefix, bits, 'ipv4');
}
for (const [prefix, bits] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const) {
  PRIVATE.addSubnet(prefix, bits, 'ipv6');
}

/** An address that is not on the public internet (IPv4-mapped IPv6 judged as its IPv4). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return PRIVATE.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
const portOf = (url: URL) => url.port || (url.protocol === 'https:' ? '443' : '80');

function isAllowed(url: URL, policy: WebhookTargetPolicy): boolean {
  return policy.allowHosts.has(`${hostOf(url)}:${portOf(url)}`);
}

/** Why the target is refused from its text alone (scheme, name, literal address); null if not. */
export function targetRefusal(target: string, policy: WebhookTargetPolicy): string | null {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return 'not a URL';
  }
  if (url.username || url.password) return 'a webhook URL must not carry credentials';
  if (isAllowed(url, policy)) return null;
  if (url.protocol !== 'https:') return 'only https targets are allowed';
  const host = hostOf(url);
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback targets are refused';
  if (isIP(host) !== 0 && isPrivateAddress(host)) {
    return 'loopback and private-network targets are refused';
  }
  return null;
}

export type Resolve = (host: string) => Promise<string[]>;
const resolveAll: Resolve = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * The check again at delivery time, after DNS: a public name can point at a private address
 * (or be changed to, after the subscription was accepted).
 */
export async function deliveryRefusal(
  target: string,
  policy: WebhookTargetPolicy,
  resolve: Resolve = resolveAll,
): Promise<string | null> {
  const refusal = targetRefusal(target, policy);
  if (refusal) return refusal;
  const url = new URL(target);
  if (isAllowed(url, policy) || isIP(hostOf(url)) !== 0) return null;
  let addresses: string[];
  try {
    addresses = await resolve(hostOf(url));
  } catch (error) {
    return `DNS lookup failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (addresses.length === 0) return 'the name has no address';
  if (addresses.some(isPrivateAddress)) return 'the name resolves to a private-network address';
  return null;
}
