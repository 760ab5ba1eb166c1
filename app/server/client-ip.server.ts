// The client's address, for rate limits.

/** The address from the Express load context (scripts/server.ts). */
export function clientIp(context: unknown): string {
  const ip = (context as { ip?: string } | undefined)?.ip;
  return ip || "unknown";
}
