import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  bearerMatches,
  defaultAllowedHosts,
  defaultAllowedOrigins,
  hostnameOf,
  isAllowedHost,
  isAllowedOrigin,
  requestPath,
} from "../../src/mcp/transports/httpSecurity.js";

describe("HTTP request checks", () => {
  it("reads the host name of a Host header, IPv6 included", () => {
    assert.equal(hostnameOf("localhost:3000"), "localhost");
    assert.equal(hostnameOf("[::1]:3000"), "[::1]");
    assert.equal(hostnameOf("MCP.Example.com"), "mcp.example.com");
  });

  it("allows loopback names by default only on a loopback bind", () => {
    assert.deepEqual(defaultAllowedHosts("127.0.0.1"), ["localhost", "127.0.0.1", "[::1]"]);
    assert.deepEqual(defaultAllowedHosts("0.0.0.0"), []);
    const allowed = defaultAllowedHosts("127.0.0.1");
    assert.equal(isAllowedHost("127.0.0.1:3000", allowed), true);
    assert.equal(isAllowedHost("localhost", allowed), true);
    assert.equal(isAllowedHost("evil.example:3000", allowed), false);
    assert.equal(isAllowedHost("localhost.evil.example", allowed), false);
    assert.equal(isAllowedHost(undefined, allowed), false);
  });

  it("allows requests without an Origin, and listed origins exactly", () => {
    const allowed = defaultAllowedOrigins(3000);
    assert.equal(isAllowedOrigin(undefined, allowed), true);
    assert.equal(isAllowedOrigin("http://localhost:3000", allowed), true);
    assert.equal(isAllowedOrigin("http://localhost:3001", allowed), false);
    assert.equal(isAllowedOrigin("https://localhost:3000", allowed), false);
    assert.equal(isAllowedOrigin("null", allowed), false);
    assert.equal(isAllowedOrigin("https://app.example", ["https://app.example/"]), true);
  });

  it("matches the bearer token exactly", () => {
    const token = "t".repeat(40);
    assert.equal(bearerMatches(`Bearer ${token}`, token), true);
    assert.equal(bearerMatches(`bearer ${token}`, token), true);
    assert.equal(bearerMatches(`Bearer ${token}x`, token), false);
    assert.equal(bearerMatches(`Basic ${token}`, token), false);
    assert.equal(bearerMatches(undefined, token), false);
    assert.equal(bearerMatches("Bearer ", token), false);
  });
});

describe("request targets", () => {
  it("gives the path of a target a URL parser takes, and undefined for any other", () => {
    assert.equal(requestPath("/mcp?x=1"), "/mcp");
    assert.equal(requestPath("http://127.0.0.1:3000/healthz"), "/healthz");
    assert.equal(requestPath(undefined), "/");
    for (const target of ["//[", "http://[/mcp", "//a:99999/mcp", "http://%zz/"]) {
      assert.equal(requestPath(target), undefined, target);
    }
  });
});

describe("CORS for browser pages", () => {
  const allowed = ["http://127.0.0.1:5173"];
  it("echoes an allowed origin (never *), exposes the session id, and allows the MCP headers on a preflight", async () => {
    const { corsHeaders } = await import("../../src/mcp/transports/httpSecurity.js");
    const preflight = corsHeaders("http://127.0.0.1:5173", allowed, true);
    assert.equal(preflight?.["access-control-allow-origin"], "http://127.0.0.1:5173");
    assert.equal(preflight?.["access-control-expose-headers"], "Mcp-Session-Id");
    assert.match(
      preflight?.["access-control-allow-headers"] ?? "",
      /Authorization, Content-Type, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID/,
    );
    assert.equal(
      corsHeaders("http://127.0.0.1:5173", allowed, false)?.["access-control-allow-methods"],
      undefined,
    );
  });

  it("gives nothing to another origin or to a request without one", async () => {
    const { corsHeaders } = await import("../../src/mcp/transports/httpSecurity.js");
    assert.equal(corsHeaders("http://evil.example", allowed, true), undefined);
    assert.equal(corsHeaders(undefined, allowed, true), undefined);
  });
});
