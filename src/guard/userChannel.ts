/**
 * What the guard needs of the user's side: a yes/no form, and a page to open. A port, not a
 * transport: the MCP wing implements it over elicitation, and the tests with plain objects.
 */

/** A yes/no question's one field, as a form shows it. */
export interface YesNoField {
  name: string;
  title: string;
  description: string;
}

/** What came back from a form: an answer (of any shape: checked by the tool), or why there is none. */
export type FormOutcome =
  | { kind: "answered"; value: unknown }
  | { kind: "dismissed"; action: "decline" | "cancel" }
  | { kind: "timeout" }
  | { kind: "failed" };

/** What a tool may ask of the user, through whatever client runs it. */
export interface UserChannel {
  /** True when the client can show the user a form. */
  readonly canShowForm: boolean;
  askYesNo(message: string, field: YesNoField): Promise<FormOutcome>;
  /** Offers to open a page for the user; true when they went, false when they did not or cannot. */
  offerUrl(message: string, url: string): Promise<boolean>;
}
