/**
 * The guard's signed values, the only proof it relies on: a confirmation token (the user confirmed
 * their Salesforce connection) and a question id (the question was put to the user). Each is
 * signed with HMAC-SHA256, expires, and is bound to a fingerprint of the Floqer key in use, and,
 * when the guard asks for it, to the MCP session it was issued in. Any instance sharing the secret
 * can check one; only the guard remembers which question ids were answered. Each kind has its own
 * prefix inside the signature, so one can never pass for the other.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { QUESTION_TTL_SECONDS } from "../limits.js";
import { NEW_QUESTION, NEW_TOKEN, SIGNED_PROBLEM } from "./wording.js";

interface SignedKind {
  prefix: string;
  /** The argument name, as messages say it. */
  name: string;
}

const CONFIRMATION: SignedKind = { prefix: "fsc1", name: "confirmation_token" };
const QUESTION: SignedKind = { prefix: "fsq1", name: "question_id" };

interface SignedClaims {
  /** Fingerprint of the Floqer key the value was issued for. */
  key: string;
  /** Issued and expiry times, seconds since the epoch. */
  iat: number;
  exp: number;
  /** The MCP session it was issued in; absent where values are not bound to a session. */
  sid?: string;
}

export interface TokenClaims extends SignedClaims {
  /** How the user's answer reached us. */
  via: "elicitation" | "agent";
}

export interface QuestionClaims extends SignedClaims {
  /** This question's own id, so its answer can be recorded and a second one refused. */
  jti: string;
  /**
   * A digest of what the question asks about beyond the connection (a test run's exact plan);
   * absent for the connection question, so an answer to one never counts for the other.
   */
  about?: string;
}

export type SignedCheck<Claims> = { ok: true; claims: Claims } | { ok: false; problem: string };
export type TokenCheck = SignedCheck<TokenClaims>;

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString("base64url");
}

/** Strict: only base64url characters, and only the one spelling that decodes to these bytes. */
function decodeStrict(text: string): Buffer | undefined {
  if (!BASE64URL.test(text)) return undefined;
  const bytes = Buffer.from(text, "base64url");
  return base64url(bytes) === text ? bytes : undefined;
}

export class ConfirmationSigner {
  readonly #secret: Buffer;
  readonly ttlSeconds: number;

  constructor(secret: string | undefined, ttlSeconds: number) {
    this.#secret = secret ? Buffer.from(secret, "utf8") : randomBytes(32);
    this.ttlSeconds = ttlSeconds;
  }

  /** A keyed hash of the Floqer key: binds values to it without the key leaving the process. */
  fingerprint(apiKey: string): string {
    return createHmac("sha256", this.#secret).update(`floqer-key:${apiKey}`).digest("base64url").slice(0, 22);
  }

  #sign(kind: SignedKind, payload: string): Buffer {
    return createHmac("sha256", this.#secret).update(`${kind.prefix}.${payload}`).digest();
  }

  #issue(kind: SignedKind, claims: SignedClaims): string {
    const payload = base64url(JSON.stringify(claims));
    return `${kind.prefix}.${payload}.${base64url(this.#sign(kind, payload))}`;
  }

  #verify<Claims extends SignedClaims>(
    kind: SignedKind,
    value: string,
    apiKey: string,
    nowMs: number,
    session: string | undefined,
    again: string,
  ): SignedCheck<Claims> {
    const parts = value.split(".");
    if (parts.length !== 3 || parts[0] !== kind.prefix) {
      return { ok: false, problem: SIGNED_PROBLEM.notOurs(kind.name, again) };
    }
    const [, payload = "", signature = ""] = parts;
    const expected = this.#sign(kind, payload);
    const given = decodeStrict(signature);
    if (!given || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { ok: false, problem: SIGNED_PROBLEM.badSignature(kind.name, again) };
    }
    let claims: Claims;
    try {
      claims = JSON.parse((decodeStrict(payload) ?? Buffer.alloc(0)).toString("utf8")) as Claims;
    } catch {
      return { ok: false, problem: SIGNED_PROBLEM.unreadable(kind.name, again) };
    }
    if (claims.key !== this.fingerprint(apiKey)) {
      return { ok: false, problem: SIGNED_PROBLEM.otherKey(kind.name, again) };
    }
    if (typeof claims.exp !== "number" || claims.exp * 1000 <= nowMs) {
      return { ok: false, problem: SIGNED_PROBLEM.expired(kind.name, again) };
    }
    // Strict both ways: a bound value is good only in its session, an unbound one only outside one.
    if (claims.sid !== session) {
      return { ok: false, problem: SIGNED_PROBLEM.otherSession(kind.name, again) };
    }
    return { ok: true, claims };
  }

  #claims(apiKey: string, ttlSeconds: number, nowMs: number, session: string | undefined): SignedClaims {
    const iat = Math.floor(nowMs / 1000);
    const claims: SignedClaims = { key: this.fingerprint(apiKey), iat, exp: iat + ttlSeconds };
    if (session !== undefined) claims.sid = session;
    return claims;
  }

  /** A token for the key; bound to `session` when one is given, and then good only there. */
  issue(
    apiKey: string,
    via: TokenClaims["via"],
    nowMs = Date.now(),
    session?: string,
  ): { token: string; expiresAt: string } {
    const claims: TokenClaims = { ...this.#claims(apiKey, this.ttlSeconds, nowMs, session), via };
    return { token: this.#issue(CONFIRMATION, claims), expiresAt: new Date(claims.exp * 1000).toISOString() };
  }

  /** `session` is the calling session as the token must name it: undefined for an unbound token. */
  verify(token: string, apiKey: string, nowMs = Date.now(), session?: string): TokenCheck {
    return this.#verify(CONFIRMATION, token, apiKey, nowMs, session, NEW_TOKEN);
  }

  /** The id of a question put to the user: an answer counts only with it. */
  issueQuestion(apiKey: string, nowMs = Date.now(), session?: string, about?: string): string {
    const claims: QuestionClaims = {
      ...this.#claims(apiKey, QUESTION_TTL_SECONDS, nowMs, session),
      jti: base64url(randomBytes(16)),
      ...(about !== undefined && { about }),
    };
    return this.#issue(QUESTION, claims);
  }

  verifyQuestion(
    questionId: string,
    apiKey: string,
    nowMs = Date.now(),
    session?: string,
    about?: string,
  ): SignedCheck<QuestionClaims> {
    const check = this.#verify<QuestionClaims>(QUESTION, questionId, apiKey, nowMs, session, NEW_QUESTION);
    // Without its own id an answer could not be recorded, so it could be given again.
    if (check.ok && (typeof check.claims.jti !== "string" || check.claims.jti === "")) {
      return { ok: false, problem: SIGNED_PROBLEM.unreadable(QUESTION.name, NEW_QUESTION) };
    }
    // The answer counts only for what the question asked: the connection, or this exact plan.
    if (check.ok && check.claims.about !== about) {
      return { ok: false, problem: SIGNED_PROBLEM.otherQuestion(QUESTION.name, NEW_QUESTION) };
    }
    return check;
  }
}
