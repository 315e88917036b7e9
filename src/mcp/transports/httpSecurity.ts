/**
 * The HTTP transport's request checks, pure so they are tested without a server: Host (against
 * DNS rebinding), Origin (against pages in a browser), and the bearer token (in constant time).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { isLoopbackHost, LOOPBACK_NAMES } from "../../loopback.js";

/** Host names (no port) a server bound to `host` answers to by default. */
export function defaultAllowedHosts(host: string): string[] {
  return isLoopbackHost(host) ? [...LOOPBACK_NAMES] : [];
}

/** Browser origins allowed by default: this server's own loopback origins. */
export function defaultAllowedOrigins(port: number): string[] {
  return LOOPBACK_NAMES.map((name) => `http://${name}:${port}`);
}

/** The host name of a Host header, without the port; IPv6 literals keep their brackets. */
export function hostnameOf(hostHeader: string): string {
  const trimmed = hostHeader.trim().toLowerCase();
  if (trimmed.startsWith("[")) return trimmed.slice(0, trimmed.indexOf("]") + 1);
  return trimmed.split(":")[0] ?? "";
}

export function isAllowedHost(hostHeader: string | undefined, allowed: readonly string[]): boolean {
  if (!hostHeader) return false;
  const name = hostnameOf(hostHeader);
  return allowed.some((entry) => entry.toLowerCase() === name);
}

/** No Origin: not a browser, allowed. An Origin: it must be listed exactly (scheme, host, port). */
export function isAllowedOrigin(origin: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  let normalized: string;
  try {
    normalized = new URL(origin).origin;
  } catch {
    return false;
  }
  return allowed.some((entry) => {
    try {
      return new URL(entry).origin === normalized;
    } catch {
      return false;
    }
  });
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/** Compares the presented bearer token with the expected one in constant time. */
export function bearerMatches(authorization: string | undefined, expected: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  // Hashing first makes both sides the same length, so the comparison leaks nothing, not even length.
  return timingSafeEqual(digest(match?.[1] ?? ""), digest(expected)) && match !== null;
}

/**
 * The path of a request target, or undefined when no URL parser would take it (`//[`,
 * `http://%zz/`, a port out of range): such a request is answered 400, never thrown.
 */
export function requestPath(target: string | undefined): string | undefined {
  try {
    return new URL(target ?? "/", "http://server").pathname;
  } catch {
    return undefined;
  }
}

/** The request headers an MCP client sends, which a browser must be allowed to send. */
const CORS_ALLOW_HEADERS = "Authorization, Content-Type, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID";

/**
 * The CORS headers for a request from a browser page on an allowed origin: that origin echoed,
 * never `*`, and the session id readable by the page. Undefined for a request without an Origin
 * (not from a page) or from any other origin, which keeps its 403.
 */
export function corsHeaders(
  origin: string | undefined,
  allowed: readonly string[],
  preflight: boolean,
): Record<string, string> | undefined {
  if (origin === undefined || !isAllowedOrigin(origin, allowed)) return undefined;
  return {
    "access-control-allow-origin": new URL(origin).origin,
    "access-control-expose-headers": "Mcp-Session-Id",
    vary: "Origin",
    ...(preflight && {
      "access-control-allow-methods": "GET, POST, DELETE",
      "access-control-allow-headers": CORS_ALLOW_HEADERS,
      "access-control-max-age": "600",
    }),
  };
}
