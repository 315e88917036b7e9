/**
 * Confirmation tokens: the only proof that the user confirmed their Salesforce connection. A token
 * is signed with HMAC-SHA256, expires, and is bound to a fingerprint of the Floqer key in use, so
 * the server keeps no state and any instance sharing the secret can check it.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

const TOKEN_PREFIX = "fsc1";

export interface TokenClaims {
  /** Fingerprint of the Floqer key the confirmation was given for. */
  key: string;
  /** Issued and expiry times, seconds since the epoch. */
  iat: number;
  exp: number;
  /** How the user's answer reached us. */
  via: "elicitation" | "agent";
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; problem: string };

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString("base64url");
}

export class ConfirmationSigner {
  readonly #secret: Buffer;
  readonly ttlSeconds: number;

  constructor(secret: string | undefined, ttlSeconds: number) {
    this.#secret = secret ? Buffer.from(secret, "utf8") : randomBytes(32);
    this.ttlSeconds = ttlSeconds;
  }

  /** A keyed hash of the Floqer key: binds tokens to it without the key leaving the process. */
  fingerprint(apiKey: string): string {
    return createHmac("sha256", this.#secret).update(`floqer-key:${apiKey}`).digest("base64url").slice(0, 22);
  }

  #sign(payload: string): Buffer {
    return createHmac("sha256", this.#secret).update(`${TOKEN_PREFIX}.${payload}`).digest();
  }

  issue(apiKey: string, via: TokenClaims["via"], nowMs = Date.now()): { token: string; expiresAt: string } {
    const iat = Math.floor(nowMs / 1000);
    const claims: TokenClaims = { key: this.fingerprint(apiKey), iat, exp: iat + this.ttlSeconds, via };
    const payload = base64url(JSON.stringify(claims));
    const token = `${TOKEN_PREFIX}.${payload}.${base64url(this.#sign(payload))}`;
    return { token, expiresAt: new Date(claims.exp * 1000).toISOString() };
  }

  verify(token: string, apiKey: string, nowMs = Date.now()): TokenCheck {
    const again = "call confirm_salesforce_connection to get a new one";
    const parts = token.trim().split(".");
    if (parts.length !== 3 || parts[0] !== TOKEN_PREFIX) {
      return { ok: false, problem: `confirmation_token is not a token from this server; ${again}` };
    }
    const [, payload = "", signature = ""] = parts;
    const expected = this.#sign(payload);
    const given = Buffer.from(signature, "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return {
        ok: false,
        problem: `confirmation_token has an invalid signature (altered, or issued by another server); ${again}`,
      };
    }
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as TokenClaims;
    } catch {
      return { ok: false, problem: `confirmation_token is unreadable; ${again}` };
    }
    if (claims.key !== this.fingerprint(apiKey)) {
      return {
        ok: false,
        problem: `confirmation_token was issued for another Floqer API key; ${again}`,
      };
    }
    if (typeof claims.exp !== "number" || claims.exp * 1000 <= nowMs) {
      return { ok: false, problem: `confirmation_token has expired; ${again}` };
    }
    return { ok: true, claims };
  }
}
