import { BlockList, isIP } from "node:net";
import { env } from "@/lib/env";

/** Set on every request by the web server's preload (scripts/peer-address.cjs): who opened the connection. */
const PEER_ADDRESS_HEADER = "x-photo-backup-peer";

const withoutIpv4Mapping = (address: string) => address.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");

const trustedProxies = new BlockList();
for (const entry of env.TRUSTED_PROXIES) {
  const [address = "", prefix] = entry.split("/");
  const family = isIP(address) === 6 ? "ipv6" : "ipv4";
  if (prefix === undefined) trustedProxies.addAddress(address, family);
  else trustedProxies.addSubnet(address, Number(prefix), family);
}
const isTrustedProxy = (address: string) => isIP(address) !== 0 && trustedProxies.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");

/**
 * The client's address: the connection's peer, unless that peer is one of TRUSTED_PROXIES; then
 * X-Forwarded-For is read from its right, past every trusted hop, to the first address no
 * configured proxy vouches for. What a client writes in X-Forwarded-For itself counts for nothing
 * unless it came through a trusted proxy, and then only the part that proxy appended.
 */
export function clientIp(headers: Headers): string {
  const peer = withoutIpv4Mapping(headers.get(PEER_ADDRESS_HEADER) ?? "unknown");
  if (!isTrustedProxy(peer)) return peer;
  const nearestFirst = (headers.get("x-forwarded-for") ?? "").split(",").map(withoutIpv4Mapping).filter(Boolean).reverse();
  return nearestFirst.find((hop) => !isTrustedProxy(hop)) ?? nearestFirst.at(-1) ?? peer;
}
