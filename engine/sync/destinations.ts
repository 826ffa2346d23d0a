/**
 * Where the HTTP connector may send: the server's configuration (CASEFORMS_SYNC_HTTP_ALLOW), never
 * the API, so that whoever may create connectors cannot make the server call its own loopback,
 * the cloud's metadata address (169.254.169.254) or other machines on the private network.
 *
 * The setting is a comma-separated list of entries, each one of
 * - a host name (`ics.council.example`) or every host under a domain (`*.council.example`);
 * - an IP address (`10.20.0.5`, `::1`) or a CIDR range (`10.20.0.0/16`, `fd00::/8`).
 *
 * A destination is allowed when
 * 1. its host is allowed: the list names no hosts (then any host name is), or the host matches a
 *    name entry, or the host is an IP address inside an address entry; and
 * 2. every address the host resolves to, when the connection is made, is a public unicast address
 *    or inside an address entry. Loopback, private (RFC 1918, unique-local), link-local
 *    (169.254.0.0/16, fe80::/10), carrier-grade NAT, multicast, documentation, benchmarking and
 *    other special-purpose ranges (IANA registries) are refused unless an address entry covers
 *    them. IPv4 written in decimal, octal or hex (`http://2130706433/`, `0x7f.1`) is read as the
 *    address it stands for (the WHATWG URL rules) and judged as that.
 *
 * The check in 2. runs in the connection's own DNS look-up (`guardedLookup`): the address checked
 * is the address connected to, so a name that resolves to a public address when the connector is
 * saved and to 127.0.0.1 later (DNS rebinding) is still refused.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

export interface DestinationPolicy {
  /** Host name entries, lower case; `*.example.org` for every host under example.org. */
  names: string[];
  /** The address entries (allowed even when special-purpose). */
  addresses: BlockList;
  /** Whether there is any address entry (BlockList cannot say). */
  hasAddresses: boolean;
}

/** The setting's variable, named in messages. */
export const HTTP_ALLOW_VARIABLE = 'CASEFORMS_SYNC_HTTP_ALLOW';

/** Special-purpose ranges (IANA IPv4 and IPv6 special-purpose address registries), refused unless allowed. */
const SPECIAL: Array<[string, number, 'ipv4' | 'ipv6']> = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.0.2.0', 24, 'ipv4'],
  ['192.88.99.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['198.51.100.0', 24, 'ipv4'],
  ['203.0.113.0', 24, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'],
  ['240.0.0.0', 4, 'ipv4'],
  ['::', 128, 'ipv6'],
  ['::1', 128, 'ipv6'],
  ['64:ff9b::', 96, 'ipv6'],
  ['64:ff9b:1::', 48, 'ipv6'],
  ['100::', 64, 'ipv6'],
  ['2001::', 23, 'ipv6'],
  ['2001:db8::', 32, 'ipv6'],
  ['2002::', 16, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['fec0::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
];

const special = new BlockList();
for (const [net, prefix, type] of SPECIAL) special.addSubnet(net, prefix, type);

const familyOf = (address: string): 'ipv4' | 'ipv6' => (isIP(address) === 6 ? 'ipv6' : 'ipv4');
const HOST_NAME = /^(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** The policy from the setting's text; `problems` in words for the start-up check. */
export function parseDestinations(text: string): { policy: DestinationPolicy; problems: string[] } {
  const policy: DestinationPolicy = { names: [], addresses: new BlockList(), hasAddresses: false };
  const problems: string[] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    const [address, prefixText, more] = entry.replace(/^\[([^\]]*)\](\/|$)/, '$1$2').split('/');
    const family = isIP(address ?? '');
    if (family !== 0 && more === undefined) {
      const type = family === 6 ? 'ipv6' : 'ipv4';
      const prefix = prefixText === undefined ? (family === 6 ? 128 : 32) : Number(prefixText);
      if (!/^\d{1,3}$/.test(prefixText ?? '0') || prefix > (family === 6 ? 128 : 32)) {
        problems.push(`${HTTP_ALLOW_VARIABLE}: "${raw.trim()}" is not a valid address range (a CIDR prefix is 0-${family === 6 ? 128 : 32}).`);
        continue;
      }
      policy.addresses.addSubnet(address!, prefix, type);
      policy.hasAddresses = true;
    } else if (HOST_NAME.test(entry) && !/^[0-9.]+$/.test(entry) && !entry.startsWith('0x')) {
      policy.names.push(entry);
    } else {
      problems.push(`${HTTP_ALLOW_VARIABLE}: "${raw.trim()}" is neither a host name (ics.council.example, *.council.example), an IP address nor a CIDR range (10.20.0.0/16).`);
    }
  }
  return { policy, problems };
}

/** A policy that allows what parseDestinations(text) allows; throws on a bad entry (for tests and tools). */
export function destinations(text: string): DestinationPolicy {
  const { policy, problems } = parseDestinations(text);
  if (problems.length) throw new Error(problems.join(' '));
  return policy;
}

/** Why an address may not be connected to; null when it may. */
export function addressProblem(policy: DestinationPolicy, address: string): string | null {
  const type = familyOf(address);
  if (policy.hasAddresses && policy.addresses.check(address, type)) return null;
  if (special.check(address, type)) return 'a loopback, private, link-local or other special-purpose address';
  return null;
}

/** Why a URL's host may not be sent to, before any DNS look-up; null when it may (so far). */
export function hostProblem(policy: DestinationPolicy, url: URL): string | null {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const allowSetting = `the server's ${HTTP_ALLOW_VARIABLE} setting`;
  if (isIP(host)) {
    const inList = policy.hasAddresses && policy.addresses.check(host, familyOf(host));
    if (policy.names.length > 0 && !inList) return `The address ${host} is not among the destinations ${allowSetting} allows.`;
    const why = addressProblem(policy, host);
    return why ? `The address ${host} is ${why}, which ${allowSetting} does not allow.` : null;
  }
  if (policy.names.length === 0) return null;
  const named = policy.names.some((n) => (n.startsWith('*.') ? host.endsWith(n.slice(1)) : host === n));
  return named ? null : `The host ${host} is not among the destinations ${allowSetting} allows.`;
}

/** A connection refused by the policy (its message names the host, never the address it resolved to). */
export class DestinationRefused extends Error {
  readonly code = 'CASEFORMS_DESTINATION_REFUSED';
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for node:net/http/https that resolves a host, refuses it when any of its addresses is
 * not allowed, and otherwise hands exactly the checked addresses to the connection.
 */
export function guardedLookup(policy: DestinationPolicy) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const refused = addresses.map((a) => addressProblem(policy, a.address)).find((p) => p !== null);
      if (refused || addresses.length === 0) {
        return callback(new DestinationRefused(`The host ${hostname} resolves to ${refused ?? 'no address'}, which the server's ${HTTP_ALLOW_VARIABLE} setting does not allow.`), []);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}
