/**
 * The redactor every answer, log line and notification passes through: the registered secrets (the
 * Floqer key, the signing secret, the HTTP token) and anything shaped like a Floqer key become
 * `[redacted]`, in the spellings a careless or hostile upstream echoes them in.
 *
 * Matching runs on a skeleton of the text: compatibility forms folded (NFKC: fullwidth and styled
 * letters), invisible characters dropped (every format character and default-ignorable code point),
 * and one level of escapes decoded (`\u0066`, `\u{66}`, `\x66`, `%66`, `&#102;`, `&#x66;`). Each
 * stretch of the skeleton remembers the characters of the text it came from, so what is replaced is
 * the original span, and the rest of the text is left exactly as it was.
 */

/** A secret shorter than this is not worth hunting inside base64: its fragments would match noise. */
const MIN_ENCODED_SECRET = 12;

/** A part of a secret this long (the key after `floq_`) is as unlikely as the whole to occur by chance. */
const MIN_SECRET_PART = 12;

/** Anything shaped like a Floqer key, registered or not. */
const KEY_SHAPE = /floq_[a-z0-9_-]+/giu;
const KEY_PREFIX = /floq_/i;
const KEY_PREFIX_AT_START = /^floq_/i;

/** Characters no reader sees: format characters (ZWSP, LRM, RLM, U+2061–2064, BOM, tags) and the other default-ignorables (U+034F, fillers, variation selectors). */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
const INVISIBLES = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

/** Text the skeleton would change: non-ASCII characters, and the first character of an escape. */
const NEEDS_SKELETON = /[\u0080-\uffff%\\&]/;
const ESCAPE_START = /[%\\&]/;

/** What the skeleton reads as a unit: one escape, a run of percent-encoded UTF-8, or a run of non-ASCII text. */
const SPECIAL =
  /\\u[0-9a-fA-F]{4}|\\u\{[0-9a-fA-F]{1,6}\}|\\x[0-9a-fA-F]{2}|%[0-7][0-9a-fA-F]|(?:%[89a-fA-F][0-9a-fA-F])+|&#[xX][0-9a-fA-F]{1,6};|&#[0-9]{1,7};|[\u0080-\uffff]+/g;
/** An escape's digits, and the prefix that says their base. */
const ESCAPE = /^(\\u\{?|\\x|%|&#[xX]|&#)([0-9a-fA-F]+)/;

/**
 * A stretch of the skeleton from index `at`: either aligned with the text's [from, to) character
 * for character (the same characters, or folded ones of the same length), or one unit decoded
 * from it (an escape, a character that folds to more or fewer).
 */
interface Stretch {
  at: number;
  from: number;
  to: number;
  aligned: boolean;
}

interface Skeleton {
  text: string;
  /** Sorted by `at`; absent when the skeleton is the text itself. */
  stretches?: Stretch[];
}

interface Span {
  start: number;
  end: number;
  /** Found only by the key's shape: replaced by `floq_[redacted]`, which says what it was. */
  shape: boolean;
}

/** Folds already made, by UTF-16 unit: a hostile text repeats a few characters many times. Bounded. */
const folds = new Map<number, string>();
const MAX_FOLDS = 4096;

/** One character, or one decoded escape, as the skeleton holds it. */
function fold(text: string): string {
  if (!INVISIBLE.test(text) && text.normalize("NFKC") === text) return text;
  return text.replace(INVISIBLES, "").normalize("NFKC").replace(INVISIBLES, "");
}

/** A character of the Basic Multilingual Plane (not a surrogate) folded, remembered. */
function foldUnit(unit: number): string {
  let folded = folds.get(unit);
  if (folded === undefined) {
    folded = fold(String.fromCharCode(unit));
    if (folds.size < MAX_FOLDS) folds.set(unit, folded);
  }
  return folded;
}

function decodeEscape(token: string): string {
  if (token[0] === "%" && token.length > 3) {
    try {
      return fold(decodeURIComponent(token));
    } catch {
      return token;
    }
  }
  const [, prefix, digits = ""] = ESCAPE.exec(token) ?? [];
  const codePoint = Number.parseInt(digits, prefix === "&#" ? 10 : 16);
  return codePoint <= 0x10ffff ? fold(String.fromCodePoint(codePoint)) : token;
}

/** The first `size` UTF-16 units as a string, a chunk at a time (an argument list has a limit). */
function fromUnits(units: Uint16Array, size: number): string {
  const chunks: string[] = [];
  for (let at = 0; at < size; at += 8192) {
    chunks.push(String.fromCharCode(...units.subarray(at, Math.min(size, at + 8192))));
  }
  return chunks.join("");
}

/** The text as it is compared: folded, without invisible characters, one level of escapes decoded. */
function skeletonOf(text: string): Skeleton {
  if (!NEEDS_SKELETON.test(text)) return { text };
  // Most non-ASCII text (accented names) has nothing to fold or drop.
  if (!ESCAPE_START.test(text) && fold(text) === text) return { text };
  const pieces: string[] = [];
  const stretches: Stretch[] = [];
  let length = 0;
  const aligned = (piece: string, from: number, to: number) => {
    if (to <= from) return;
    const last = stretches[stretches.length - 1];
    if (last?.aligned && last.to === from) last.to = to;
    else stretches.push({ at: length, from, to, aligned: true });
    pieces.push(piece);
    length += piece.length;
  };
  const unit = (folded: string, from: number, to: number) => {
    if (folded === "") return;
    stretches.push({ at: length, from, to, aligned: false });
    pieces.push(folded);
    length += folded.length;
  };
  let done = 0;
  for (const match of text.matchAll(SPECIAL)) {
    const token = match[0];
    const start = match.index ?? 0;
    aligned(text.slice(done, start), done, start);
    done = start + token.length;
    if (token.charCodeAt(0) < 0x80) unit(decodeEscape(token), start, done);
    else if (fold(token) === token) aligned(token, start, done);
    else {
      // A run that folds: character by character, each stretch of same-length folds in one piece.
      const run = new Uint16Array(token.length);
      let size = 0;
      let runFrom = start;
      for (let at = start; at < done; ) {
        const code = text.charCodeAt(at);
        const width = code >= 0xd800 && code <= 0xdbff && at + 1 < done ? 2 : 1;
        const folded = width === 2 ? fold(text.slice(at, at + 2)) : foldUnit(code);
        if (folded.length === width) {
          for (let index = 0; index < width; index++) run[size++] = folded.charCodeAt(index);
        } else {
          aligned(fromUnits(run, size), runFrom, at);
          unit(folded, at, at + width);
          size = 0;
          runFrom = at + width;
        }
        at += width;
      }
      aligned(fromUnits(run, size), runFrom, done);
    }
  }
  aligned(text.slice(done), done, text.length);
  return { text: pieces.join(""), stretches };
}

/** The stretch holding skeleton index `index`. */
function stretchAt(stretches: readonly Stretch[], index: number): Stretch {
  let low = 0;
  let high = stretches.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((stretches[middle] as Stretch).at <= index) low = middle;
    else high = middle - 1;
  }
  return stretches[low] as Stretch;
}

/** A span of the skeleton as the span of the text it came from. */
function inText(skeleton: Skeleton, span: Span): Span {
  const { stretches } = skeleton;
  if (!stretches) return span;
  const first = stretchAt(stretches, span.start);
  const last = stretchAt(stretches, span.end - 1);
  return {
    start: first.aligned ? first.from + span.start - first.at : first.from,
    end: last.aligned ? last.from + span.end - last.at : last.to,
    shape: span.shape,
  };
}

/** A registered secret: one pattern for all its forms. */
interface Registered {
  pattern: RegExp;
}

const registered: Registered[] = [];
/** Each secret once: every server built in one process (tests build many) registers its own again. */
const registeredSecrets = new Set<string>();
/** The shortest skeleton any registered form can hide in: shorter ones skip the patterns. */
let shortestForm = Number.POSITIVE_INFINITY;

function escapeRegex(character: string): string {
  return character.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/**
 * The base64 and base64url spellings the secret takes inside any encoded text: for each of the
 * three alignments it can start at, the run of characters that depend on the secret alone.
 */
function encodedForms(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  if (bytes.length < MIN_ENCODED_SECRET) return [];
  const forms: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes])
      .toString("base64")
      .replace(/=+$/, "");
    const first = Math.ceil((offset * 4) / 3) + (offset === 0 ? 0 : 1);
    const last = Math.floor(((offset + bytes.length) * 4) / 3) - 1;
    const stable = encoded.slice(first, last);
    forms.push(stable, stable.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return forms;
}

/**
 * Registers a value (the Floqer key, a signing secret, the HTTP token) that must never get out:
 * its skeleton in any case with whitespace between its characters, its base64 spellings, and for a
 * Floqer key the part after `floq_` alone, with its own.
 */
export function registerSecret(secret: string | undefined): void {
  if (!secret || registeredSecrets.has(secret)) return;
  registeredSecrets.add(secret);
  const folded = skeletonOf(secret).text;
  if (folded === "") return;
  const parts = [folded];
  const rest = folded.replace(KEY_PREFIX_AT_START, "");
  if (rest !== folded && [...rest].length >= MIN_SECRET_PART) parts.push(rest);
  const encoded = [...new Set(parts.flatMap(encodedForms))];
  const forms = [
    ...parts.map((part) => [...part].map(escapeRegex).join("\\s*")),
    ...encoded.map((form) => [...form].map(escapeRegex).join("")),
  ];
  registered.push({ pattern: new RegExp(forms.join("|"), "giu") });
  for (const form of [...parts, ...encoded]) noteTrigrams(form);
  shortestForm = Math.min(
    shortestForm,
    ...parts.map((part) => part.length),
    ...encoded.map((form) => form.length),
  );
}

/**
 * Every run of three characters in a registered form (ASCII, lower case, whitespace left out as
 * the split forms allow it), as trigramKey: a secret that runs across two strings shows one of
 * them where they meet. A form with other characters turns the check off.
 */
const trigrams = new Set<number>();
let trigramsComplete = true;

function lowerAscii(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

function trigramKey(a: number, b: number, c: number): number {
  return (lowerAscii(a) * 128 + lowerAscii(b)) * 128 + lowerAscii(c);
}

function noteTrigrams(form: string): void {
  const codes = [...form].map((character) => character.charCodeAt(0)).filter((code) => !isSpace(code));
  if (codes.some((code) => code >= 128)) trigramsComplete = false;
  for (let index = 2; index < codes.length; index++) {
    trigrams.add(trigramKey(codes[index - 2] as number, codes[index - 1] as number, codes[index] as number));
  }
}

/** What the patterns' `\s` matches. */
function isSpace(code: number): boolean {
  return (
    (code >= 9 && code <= 13) ||
    code === 32 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** Where the registered secrets (and, with `shapes`, anything shaped like a key) are, in the text the skeleton is of. */
function findSecrets(skeleton: Skeleton, shapes: boolean): Span[] | undefined {
  const { text } = skeleton;
  let spans: Span[] | undefined;
  const collect = (pattern: RegExp, shape: boolean) => {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      if (match[0] === "") pattern.lastIndex++;
      else {
        spans ??= [];
        spans.push(inText(skeleton, { start: match.index, end: match.index + match[0].length, shape }));
      }
    }
  };
  // Most strings (names, labels) are shorter than any secret: they are checked only for a key's shape.
  if (text.length >= shortestForm) {
    for (const secret of registered) collect(secret.pattern, false);
  }
  if (shapes && KEY_PREFIX.test(text)) collect(KEY_SHAPE, true);
  return spans;
}

/** The text with each span replaced once; overlapping spans are one. */
function withoutSpans(text: string, spans: Span[]): string {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let out = "";
  let done = 0;
  for (let index = 0; index < sorted.length; ) {
    const first = sorted[index] as Span;
    let end = first.end;
    let shape = first.shape;
    for (index++; index < sorted.length && (sorted[index] as Span).start < end; index++) {
      end = Math.max(end, (sorted[index] as Span).end);
      shape &&= (sorted[index] as Span).shape;
    }
    out += `${text.slice(done, first.start)}${shape ? "floq_[redacted]" : "[redacted]"}`;
    done = end;
  }
  return out + text.slice(done);
}

/** Where the registered secrets and anything shaped like a key are in the text. */
function spansIn(text: string): Span[] | undefined {
  return findSecrets(skeletonOf(text), true);
}

/** Removes every registered secret in every form, the `extra` ones, and anything shaped like a Floqer key. */
export function redact(text: string, extra: readonly string[] = []): string {
  let clean = text;
  for (const secret of extra) if (secret) clean = clean.split(secret).join("[redacted]");
  const spans = spansIn(clean);
  return spans ? withoutSpans(clean, spans) : clean;
}

/** An escape a string may end in the middle of, to be finished by the next one. */
const PARTIAL_ESCAPE_AT_END =
  /(?:%[0-9a-fA-F]?|\\(?:u(?:\{[0-9a-fA-F]{0,6}|[0-9a-fA-F]{0,3})|x[0-9a-fA-F]?)?|&(?:#(?:[xX][0-9a-fA-F]{0,6}|[0-9]{0,7})?)?)$/;

/** Whether the string ends in what may be the start of an escape, finished by the next string. */
function mayEndInEscape(string: string): boolean {
  for (let at = string.length - 1; at >= 0 && at >= string.length - 12; at--) {
    const code = string.charCodeAt(at);
    if (code === 37 || code === 92 || code === 38) return PARTIAL_ESCAPE_AT_END.test(string.slice(-12));
  }
  return false;
}

/**
 * Whether a registered secret could run across the strings (given with their skeletons): they are
 * long enough together, and where two meet, the characters on either side (whitespace skipped)
 * make a run of three found in some form. A few reads per string instead of a search of them all.
 */
function mayRunAcross(strings: readonly string[], texts: readonly string[]): boolean {
  if (!trigramsComplete) return true;
  let length = 0;
  for (const text of texts) length += text.length;
  if (length < shortestForm) return false;
  // The last two characters before the meeting point that are not whitespace (x2 then x1).
  let x1 = -1;
  let x2 = -1;
  for (let index = 0; index < texts.length - 1; index++) {
    if (mayEndInEscape(strings[index] as string)) return true;
    const text = texts[index] as string;
    let last = -1;
    let beforeLast = -1;
    for (let at = text.length - 1; at >= 0 && beforeLast === -1; at--) {
      const code = text.charCodeAt(at);
      if (isSpace(code)) continue;
      if (last === -1) last = code;
      else beforeLast = code;
    }
    if (last !== -1) {
      x2 = beforeLast !== -1 ? beforeLast : x1;
      x1 = last;
    }
    if (x1 === -1) continue;
    // The first two after it, which may lie in the strings after the next.
    let y1 = -1;
    let y2 = -1;
    for (let later = index + 1; later < texts.length && y2 === -1; later++) {
      const next = texts[later] as string;
      for (let at = 0; at < next.length && y2 === -1; at++) {
        const code = next.charCodeAt(at);
        if (isSpace(code)) continue;
        if (y1 === -1) y1 = code;
        else y2 = code;
      }
    }
    if (y1 === -1) return false;
    if (x2 !== -1 && trigrams.has(trigramKey(x2, x1, y1))) return true;
    if (y2 !== -1 && trigrams.has(trigramKey(x1, y1, y2))) return true;
  }
  return false;
}

/**
 * The strings among `items`, read in order as one text: where a registered secret runs across two
 * or more of them, the part in each, by the item's index. Read before any redaction, which could
 * hide the secret's shape (its first part alone looks like a key and would be cut differently).
 */
function cutsAcross(
  items: readonly unknown[],
  skeletons: readonly (Skeleton | undefined)[],
): Map<number, Span[]> | undefined {
  const at: number[] = [];
  for (let index = 0; index < items.length; index++) if (typeof items[index] === "string") at.push(index);
  if (at.length < 2) return undefined;
  const strings = at.map((index) => items[index] as string);
  const texts = at.map((index) => (skeletons[index] as Skeleton).text);
  if (!mayRunAcross(strings, texts)) return undefined;
  const spans = findSecrets(skeletonOf(strings.join("")), false);
  if (!spans) return undefined;
  let cuts: Map<number, Span[]> | undefined;
  let offset = 0;
  strings.forEach((string, which) => {
    const end = offset + string.length;
    for (const span of spans) {
      const crosses = span.start < offset || span.end > end;
      if (crosses && span.start < end && span.end > offset) {
        cuts ??= new Map();
        const index = at[which] as number;
        const list = cuts.get(index) ?? [];
        list.push({
          start: Math.max(span.start, offset) - offset,
          end: Math.min(span.end, end) - offset,
          shape: false,
        });
        cuts.set(index, list);
      }
    }
    offset = end;
  });
  return cuts;
}

/** Each item redacted, strings also for a secret run across them; the same array when nothing changed. */
function redactItems(items: readonly unknown[]): readonly unknown[] {
  const skeletons = items.map((item) => (typeof item === "string" ? skeletonOf(item) : undefined));
  const cuts = cutsAcross(items, skeletons);
  let cleaned: unknown[] | undefined;
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    let clean: unknown;
    const skeleton = skeletons[index];
    if (typeof item === "string" && skeleton) {
      const spans = findSecrets(skeleton, true);
      const across = cuts?.get(index);
      const all = spans && across ? [...spans, ...across] : (spans ?? across);
      clean = all ? withoutSpans(item, all) : item;
    } else clean = redactDeep(item);
    if (clean !== item) {
      cleaned ??= [...items];
      cleaned[index] = clean;
    }
  }
  return cleaned ?? items;
}

/**
 * The same value with every string in it (keys included) redacted, and a secret split across the
 * string values directly inside one object or array cut out of each part; own properties only.
 * What has nothing to redact is returned as it is, so the common answer costs a walk, not a copy.
 */
export function redactDeep<T>(value: T): T {
  if (typeof value === "string") return redact(value) as T;
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return redactItems(value) as T;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const items = keys.map((key) => record[key]);
  const cleanItems = redactItems(items);
  const cleanKeys = keys.map((key) => redact(key));
  const changed = cleanItems !== items || cleanKeys.some((key, index) => key !== keys[index]);
  return (changed ? Object.fromEntries(cleanKeys.map((key, index) => [key, cleanItems[index]])) : value) as T;
}
