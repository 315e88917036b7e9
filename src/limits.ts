/** Sizes and bounds shared across the server, each with the reason it has its value. */

/** Large orgs list a few thousand fields (~1 MB of options); 8 MiB leaves room without risking memory. */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/** Error bodies are read only for a message; anything longer is an HTML page or worse. */
export const ERROR_BODY_LIMIT_BYTES = 64 * 1024;

/** Option lists change rarely (a new custom field); five minutes keeps answers fresh enough. */
export const DEFAULT_OPTIONS_CACHE_TTL_MS = 5 * 60 * 1000;

/** Distinct option lists kept: one per object per action, plenty for any session. */
export const OPTIONS_CACHE_MAX_ENTRIES = 500;

/** Default and largest page of list results: small enough to keep an agent's context lean. */
/**
 * A workflow's sheets whose actions one call reads, and how many of those reads run at once: each
 * is one request against Floqer's 200 a minute, so a workflow with thousands of sheets must not
 * turn one call into thousands of requests.
 */
export const MAX_SHEETS_READ_PER_CALL = 20;
export const SHEET_READS_AT_ONCE = 4;

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_CONFIRMATION_TTL_SECONDS = 30 * 60;
/** How long the agent has between putting the guard's question and passing on the answer. */
export const QUESTION_TTL_SECONDS = 15 * 60;

/**
 * The whole budget of one tool call, every upstream request, retry, wait and open form included:
 * comfortably inside the TypeScript SDK client's default 60 s request timeout, so a call that runs
 * out ends with this server's own answer (a form left open is "declined: no answer in time"), not
 * with the client's "Request timed out".
 */
export const TOOL_CALL_DEADLINE_MS = 50_000;

/** The longest a call waits out a rate limit before answering with when to try again instead. */
export const RATE_LIMIT_MAX_WAIT_MS = 10_000;

/** Streamable HTTP defaults: loopback only, and bounds that keep one instance's memory in check. */
export const HTTP_DEFAULTS = {
  host: "127.0.0.1",
  port: 3000,
  maxSessions: 100,
  /** Agents pause between steps while the user thinks; half an hour keeps their session. */
  sessionIdleMs: 30 * 60 * 1000,
  /** A tool call's arguments are a few KiB; 1 MiB leaves room for 200 long field values. */
  maxBodyBytes: 1024 * 1024,
  /**
   * After a refusal, the rest of the refused body is still read, so that the client sees the answer
   * and not a reset: for 2 s and 16 MiB at most (reading and throwing it away costs no memory), then
   * the connection is closed whatever the client is still sending.
   */
  lingering: { maxMs: 2_000, maxBytes: 16 * 1024 * 1024 },
} as const;

/**
 * The largest tool answer sent. Every answer goes out twice (text and structuredContent), and
 * clients keep a bounded buffer per message: a few MiB made the SDK client close the connection.
 */
export const MAX_ANSWER_BYTES = 256 * 1024;

/**
 * Problems a refusal lists; the rest are counted. One round of fixes rarely needs more, the next
 * call shows what remains, and a request with thousands of problems answers in a few KiB. Names
 * are suggested for these only.
 */
export const SHOWN_PROBLEMS = 20;

/** A problem's longest line: a problem quotes what was asked, and a value may be 32 KiB. */
export const MAX_PROBLEM_CHARS = 1_000;

/**
 * The deepest nesting read from Floqer. A graph nests a few levels (node, inputs, a list of pairs,
 * a pair); nothing deeper is a configuration, and a value 100,000 levels deep would overflow the
 * stack of any recursive walk (cleaning, comparing, redacting).
 */
export const MAX_UPSTREAM_DEPTH = 64;
