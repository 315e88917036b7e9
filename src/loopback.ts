/** Loopback, in one place: what counts as this machine, and the names a loopback server answers to. */

/** Host names a server bound to loopback is reached by (IPv6 in its bracketed URL form). */
export const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]"] as const;

/** True for a host on this machine: the names above, ::1 bare, and all of 127.0.0.0/8. */
export function isLoopbackHost(hostname: string): boolean {
  return (
    (LOOPBACK_NAMES as readonly string[]).includes(hostname) ||
    hostname === "::1" ||
    /^127\.\d+\.\d+\.\d+$/.test(hostname)
  );
}
