import { beforeAll, describe, expect, it, vi } from "vitest";

let clientIp: (headers: Headers) => string;

beforeAll(async () => {
  vi.stubEnv("TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.7, fd00::/8");
  vi.resetModules();
  ({ clientIp } = await import("@/lib/auth/client-ip"));
});

const request = (peer: string, forwardedFor?: string) =>
  new Headers({ "x-photo-backup-peer": peer, ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) });

describe("clientIp", () => {
  it("is the connection's peer when that is not a trusted proxy, whatever X-Forwarded-For says", () => {
    expect(clientIp(request("203.0.113.9", "198.51.100.1"))).toBe("203.0.113.9");
    expect(clientIp(request("::ffff:203.0.113.9"))).toBe("203.0.113.9");
  });

  it("behind trusted proxies, is the nearest forwarded address no trusted proxy vouches for", () => {
    // The client wrote "6.6.6.6" itself; the proxies appended the address they saw, from the right.
    expect(clientIp(request("10.0.0.2", "6.6.6.6, 198.51.100.1, 192.0.2.7"))).toBe("198.51.100.1");
    expect(clientIp(request("fd00::1", "2001:db8::5"))).toBe("2001:db8::5");
    expect(clientIp(request("10.0.0.2", "10.1.1.1"))).toBe("10.1.1.1");
    expect(clientIp(request("10.0.0.2"))).toBe("10.0.0.2");
  });

  it("counts a request that came past the web server's preload as one unknown client", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "198.51.100.1" }))).toBe("unknown");
  });
});
