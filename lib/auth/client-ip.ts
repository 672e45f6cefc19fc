/** The client's address as the nearest proxy saw it; "unknown" when the app is reached directly. */
export function clientIp(headers: Headers): string {
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip") || "unknown";
}
