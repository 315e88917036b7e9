/** What the guard says to the user and the agent, in one place. */
import { FLOQER_APP } from "../floqer/endpoints.js";

export const CONNECTION_QUESTION =
  "Have you connected your Salesforce account to Floqer yourself (Floqer app: Connections, then Salesforce, then sign in with OAuth)? Only you can make this connection; the action fails without it.";

export const CONNECT_STEPS = `The user has not confirmed a Salesforce connection. They connect it in ${FLOQER_APP.connections}, from the account that owns the Floqer API key.`;
