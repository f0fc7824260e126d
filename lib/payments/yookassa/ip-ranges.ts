/**
 * The addresses YooKassa sends HTTP notifications from, as published in its docs
 * (https://yookassa.ru/developers/using-api/webhooks, "IP-адреса"). They change rarely and
 * without an API to fetch them; the IPv6 block and the two single hosts were added in 2021.
 * Notifications are unsigned, so this is only a cheap first filter: the payment is always
 * re-fetched from the API before anything trusts it (DESIGN.md, Security rules).
 */
export const YOOKASSA_NOTIFICATION_RANGES = [
  "185.71.76.0/27",
  "185.71.77.0/27",
  "77.75.153.0/25",
  "77.75.154.128/25",
  "77.75.156.11/32",
  "77.75.156.35/32",
  "2a02:5180::/32",
] as const;

interface Address {
  family: 4 | 6;
  value: bigint;
}

interface Range extends Address {
  prefix: number;
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    // Decimal only, no leading zeros: "010" is octal to some parsers and a trick to others.
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  let groupsText = text;
  let tailV4: bigint | undefined;
  // A dotted IPv4 tail stands for the last two groups (::ffff:185.71.76.1).
  if (text.includes(".")) {
    const lastColon = text.lastIndexOf(":");
    tailV4 = parseIpv4(text.slice(lastColon + 1));
    if (tailV4 === undefined) return undefined;
    groupsText = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = groupsText.split("::");
  if (halves.length > 2) return undefined;
  const groupsOf = (s: string) => (s === "" ? [] : s.split(":"));
  let groups = groupsOf(halves[0] ?? "");
  if (halves.length === 2) {
    const right = groupsOf(halves[1] ?? "");
    const missing = 8 - groups.length - right.length;
    if (missing < 1) return undefined;
    groups = [...groups, ...Array<string>(missing).fill("0"), ...right];
  }
  if (groups.length !== 8) return undefined;
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return undefined;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return tailV4 === undefined ? value : (value & ~0xffffffffn) | tailV4;
}

const MAPPED_PREFIX = 0xffffn << 32n;

/**
 * An address as a number; IPv4-mapped IPv6 (::ffff:a.b.c.d, as a dual-stack socket reports an
 * IPv4 peer) becomes the IPv4 address. Zone ids (fe80::1%eth0) and anything malformed give
 * undefined.
 */
function parseAddress(text: string): Address | undefined {
  const trimmed = text.trim();
  if (trimmed.includes(":")) {
    const value = parseIpv6(trimmed.replace(/^\[(.*)\]$/, "$1"));
    if (value === undefined) return undefined;
    if (value >> 32n === 0xffffn) return { family: 4, value: value - MAPPED_PREFIX };
    return { family: 6, value };
  }
  const value = parseIpv4(trimmed);
  return value === undefined ? undefined : { family: 4, value };
}

function parseRange(cidr: string): Range {
  const [address, prefixText] = cidr.split("/");
  const parsed = address === undefined ? undefined : parseAddress(address);
  const bits = parsed?.family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (!parsed || !Number.isInteger(prefix) || prefix < 0 || prefix > bits) {
    throw new Error(`Not a CIDR range: ${cidr}`);
  }
  return { ...parsed, prefix };
}

function contains(range: Range, address: Address): boolean {
  if (range.family !== address.family) return false;
  const shift = BigInt((range.family === 4 ? 32 : 128) - range.prefix);
  return range.value >> shift === address.value >> shift;
}

/** True when `cidrs` (IPv4 or IPv6 CIDR, or a bare address) contain `ip`. */
export function isAddressIn(ip: string, cidrs: readonly string[]): boolean {
  const address = parseAddress(ip);
  if (!address) return false;
  return cidrs.some((cidr) => contains(parseRange(cidr), address));
}

const ranges = YOOKASSA_NOTIFICATION_RANGES.map(parseRange);

/** Whether a notification's peer address is one of YooKassa's. Malformed input is false. */
export function isYookassaAddress(ip: string): boolean {
  const address = parseAddress(ip);
  return address !== undefined && ranges.some((range) => contains(range, address));
}
