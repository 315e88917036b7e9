/**
 * The guard, bound to the one Floqer key it serves: it signs and checks confirmation tokens and
 * question ids for that key, remembers what a probe said about the key's connection, and decides
 * whether a write may go. The key stays here: nothing else needs it to reach the guard.
 */
import { missingApiKeyError } from "../floqer/errors.js";
import { TOOL } from "../toolNames.js";
import { NotConnectedMemory } from "./notConnected.js";
import { ConfirmationSigner, type SignedCheck, type TokenCheck, type TokenClaims } from "./token.js";

/** Whether a write may go, and what a dry run should say about the token it would need. */
export type DoorCheck = { pass: true; warnings: string[] } | { pass: false; refusal: string };

export class Guard {
  /** The signer itself, for checks across instances (tests, tools sharing a secret). */
  readonly signer: ConfirmationSigner;
  readonly #apiKey: string | undefined;
  readonly #refusals = new NotConnectedMemory();

  constructor(apiKey: string | undefined, secret: string | undefined, ttlSeconds: number) {
    this.#apiKey = apiKey;
    this.signer = new ConfirmationSigner(secret, ttlSeconds);
  }

  /** The key, or the error that says how to set one: without a key there is nothing to guard. */
  #key(): string {
    if (!this.#apiKey) throw missingApiKeyError();
    return this.#apiKey;
  }

  issue(via: TokenClaims["via"]): { token: string; expiresAt: string } {
    return this.signer.issue(this.#key(), via);
  }

  verify(token: string): TokenCheck {
    return this.signer.verify(token, this.#key());
  }

  issueQuestion(): string {
    return this.signer.issueQuestion(this.#key());
  }

  verifyQuestion(questionId: string): SignedCheck<unknown> {
    return this.signer.verifyQuestion(questionId, this.#key());
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
   * The check at the door of every write: a real call passes only with a valid token; a dry run
   * always passes, with a word on what a real call would meet.
   */
  door(token: string | undefined, dryRun: boolean): DoorCheck {
    const check = token === undefined ? undefined : this.verify(token);
    if (dryRun) {
      if (!check) {
        return {
          pass: true,
          warnings: [`No confirmation_token yet: call ${TOOL.confirmConnection} before doing this for real.`],
        };
      }
      return {
        pass: true,
        warnings: check.ok ? [] : [`Doing this for real would be refused: ${check.problem}.`],
      };
    }
    if (!check) {
      return {
        pass: false,
        refusal: `Refused: no confirmation_token. Call ${TOOL.confirmConnection} first (the user must confirm that Salesforce is connected in Floqer), then pass its token. dry_run true needs none.`,
      };
    }
    return check.ok
      ? { pass: true, warnings: [] }
      : { pass: false, refusal: `Refused: ${check.problem}. Nothing was sent.` };
  }
}
