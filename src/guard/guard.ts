/**
 * The guard, bound to the one Floqer key it serves: it signs and checks confirmation tokens and
 * question ids for that key, remembers which question ids were answered and what a probe said about
 * the key's connection, and decides whether a write may go. The key stays here: nothing else needs
 * it to reach the guard.
 */
import { missingApiKeyError } from "../floqer/errors.js";
import { AnsweredQuestions } from "./answeredQuestions.js";
import { NotConnectedMemory } from "./notConnected.js";
import {
  ConfirmationSigner,
  type QuestionClaims,
  type SignedCheck,
  type TokenCheck,
  type TokenClaims,
} from "./token.js";
import { ALREADY_ANSWERED, answersFull, DOOR, FORM_CLIENT_NEEDS_FORM } from "./wording.js";

/** Whether a write may go, and what a dry run should say about the token it would need. */
export type DoorCheck = { pass: true; warnings: string[] } | { pass: false; refusal: string };

/** Who is calling, as far as the guard's rules need to know. */
export interface CallingSession {
  /** The MCP session's id (over HTTP); undefined where a process serves one client (stdio). */
  id: string | undefined;
  /** Whether the client can show the user a form. */
  showsForms: boolean;
}

export class Guard {
  /** The signer itself, for checks across instances (tests, tools sharing a secret). */
  readonly signer: ConfirmationSigner;
  readonly #apiKey: string | undefined;
  /**
   * With a secret of its own (random per process), tokens and question ids are bound to the MCP
   * session they were issued in. With a shared secret they must pass between processes (several
   * instances, or one process per call), where no session is shared, so they are bound to the key
   * and the secret only.
   */
  readonly #bindsSessions: boolean;
  readonly #refusals = new NotConnectedMemory();
  readonly #answered: AnsweredQuestions;

  constructor(
    apiKey: string | undefined,
    secret: string | undefined,
    ttlSeconds: number,
    answered = new AnsweredQuestions(),
  ) {
    this.#apiKey = apiKey;
    this.signer = new ConfirmationSigner(secret, ttlSeconds);
    this.#bindsSessions = !secret;
    this.#answered = answered;
  }

  /** The key, or the error that says how to set one: without a key there is nothing to guard. */
  #key(): string {
    if (!this.#apiKey) throw missingApiKeyError();
    return this.#apiKey;
  }

  /** The session a value is bound to, or must be bound to, for a call in `session`. */
  #binding(session: string | undefined): string | undefined {
    return this.#bindsSessions ? session : undefined;
  }

  issue(via: TokenClaims["via"], session: string | undefined): { token: string; expiresAt: string } {
    return this.signer.issue(this.#key(), via, Date.now(), this.#binding(session));
  }

  verify(token: string, session: string | undefined): TokenCheck {
    return this.signer.verify(token, this.#key(), Date.now(), this.#binding(session));
  }

  /** `about`: a digest of what the question asks beyond the connection (a test run's plan). */
  issueQuestion(session: string | undefined, about?: string): string {
    return this.signer.issueQuestion(this.#key(), Date.now(), this.#questionBinding(session, about), about);
  }

  /**
   * A run question is bound to its session even with a shared secret: its record of answers is
   * per process, so an id that could travel to another instance could be answered there again.
   */
  #questionBinding(session: string | undefined, about: string | undefined): string | undefined {
    return about !== undefined ? session : this.#binding(session);
  }

  /** A question id as an answer would find it: valid, and not answered yet. Records nothing. */
  checkQuestion(
    questionId: string,
    session: string | undefined,
    about?: string,
  ): SignedCheck<QuestionClaims> {
    const check = this.signer.verifyQuestion(
      questionId,
      this.#key(),
      Date.now(),
      this.#questionBinding(session, about),
      about,
    );
    if (check.ok && this.#answered.has(check.claims.jti)) return { ok: false, problem: ALREADY_ANSWERED };
    return check;
  }

  /**
   * Takes the answer to a question: checks its id and retires it in one synchronous step, so of
   * two answers with one id (racing ones included) only the first counts, whether yes or no.
   */
  answerQuestion(
    questionId: string,
    session: string | undefined,
    about?: string,
  ): SignedCheck<QuestionClaims> {
    const check = this.checkQuestion(questionId, session, about);
    if (!check.ok) return check;
    const recorded = this.#answered.record(check.claims.jti, check.claims.exp * 1000);
    switch (recorded.outcome) {
      case "recorded":
        return check;
      case "already":
        return { ok: false, problem: ALREADY_ANSWERED };
      default:
        return { ok: false, problem: answersFull(this.#answered.max, recorded.until) };
    }
  }

  /** While the record of answers is full: why no question can be put or answered now. */
  answersFull(): string | undefined {
    const until = this.#answered.fullUntil();
    return until === undefined ? undefined : answersFull(this.#answered.max, until);
  }

  /** A probe found no usable connection for the key: no token for it for a few minutes. */
  rememberRefused(reason: string): void {
    this.#refusals.remember(this.signer.fingerprint(this.#key()), reason);
  }

  forgetRefused(): void {
    this.#refusals.forget(this.signer.fingerprint(this.#key()));
  }

  refusedRecently(): string | undefined {
    return this.#refusals.recall(this.signer.fingerprint(this.#key()));
  }

  /**
   * Why `token` cannot open the door for this caller: not valid for the key, the secret or the
   * session; or obtained through the agent by a caller whose client shows forms, where only the
   * user's own answer in the form counts (else a client without forms could answer for it).
   */
  #problem(token: string, caller: CallingSession): string | undefined {
    const check = this.verify(token, caller.id);
    if (!check.ok) return check.problem;
    if (caller.showsForms && check.claims.via !== "elicitation") return FORM_CLIENT_NEEDS_FORM;
    return undefined;
  }

  /**
   * A token the caller already holds, when it would open the door now, with when it expires: a
   * check of the connection then need not put the question to the user again.
   */
  stillOpens(
    token: string,
    caller: CallingSession,
  ): { ok: true; expiresAt: string } | { ok: false; problem: string } {
    const check = this.verify(token, caller.id);
    if (!check.ok) return check;
    const problem = this.#problem(token, caller);
    if (problem !== undefined) return { ok: false, problem };
    return { ok: true, expiresAt: new Date(check.claims.exp * 1000).toISOString() };
  }

  /**
   * The check at the door of every write: a real call passes only with a token valid for this
   * caller; a dry run always passes, with a word on what a real call would meet. `dryRun` is
   * undefined for a tool that has none (its refusal does not offer one).
   */
  door(token: string | undefined, dryRun: boolean | undefined, caller: CallingSession): DoorCheck {
    const problem = token === undefined ? undefined : this.#problem(token, caller);
    if (dryRun) {
      if (token === undefined) {
        return { pass: true, warnings: [DOOR.noTokenYet] };
      }
      return {
        pass: true,
        warnings: problem === undefined ? [] : [DOOR.wouldRefuse(problem)],
      };
    }
    if (token === undefined) {
      return { pass: false, refusal: DOOR.noToken(dryRun !== undefined) };
    }
    return problem === undefined
      ? { pass: true, warnings: [] }
      : { pass: false, refusal: DOOR.refused(problem) };
  }
}
