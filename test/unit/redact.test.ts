import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { redact, redactDeep, registerSecret } from "../../src/log.js";
import "../support/seed.js";

const SECRET = "floq_live_9fK2mQ7xZa1bC3dE5gH";
registerSecret(SECRET);
const BARE = "Zq8wN3vL0pR6tY2uI4oP7aS9dF1gH5jK";
registerSecret(BARE);

/** Every character no reader sees: the format characters and the other default-ignorables. */
const INVISIBLE = Array.from({ length: 0x110000 }, (_, code) => code)
  .filter(
    (code) =>
      (code < 0xd800 || code > 0xdfff) &&
      /[\p{Cf}\p{Default_Ignorable_Code_Point}]/u.test(String.fromCodePoint(code)),
  )
  .map((code) => String.fromCodePoint(code));

/** The fullwidth form of a printable ASCII character. */
const fullwidth = (character: string) => String.fromCharCode(character.charCodeAt(0) + 0xfee0);

/** The ways a character can be escaped, one level deep. */
const ESCAPES: ((character: string) => string)[] = [
  (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  (c) => `\\u{${c.charCodeAt(0).toString(16)}}`,
  (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0").toUpperCase()}`,
  (c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0").toUpperCase()}`,
  (c) => `&#${c.charCodeAt(0)};`,
  (c) => `&#x${c.charCodeAt(0).toString(16)};`,
];

/** Text around a form, to check that only the form is replaced and the rest is kept exactly. */
const expectRedacted = (form: string, label = form) =>
  assert.equal(redact(`name: ${form} (workflow)`), "name: [redacted] (workflow)", JSON.stringify(label));

/** Any eight characters in a row of the secret, found in the text in any case: a leak. */
function leaks(text: string, secret = SECRET): boolean {
  const lower = text.toLowerCase();
  for (let start = 0; start + 8 <= secret.length; start++)
    if (lower.includes(secret.slice(start, start + 8).toLowerCase())) return true;
  return false;
}

/** A secret rewritten character by character: each index picks how (or whether) one character changes. */
const spelled = (secret: string, ways: readonly ((character: string) => string)[]) =>
  fc.array(fc.nat(ways.length), { minLength: secret.length, maxLength: secret.length }).map((choices) =>
    [...secret].map((character, index) => {
      const way = ways[(choices[index] ?? 0) - 1];
      return way ? way(character) : character;
    }),
  );

describe("redaction", () => {
  it("removes a secret in any case, and split by spaces, line breaks or invisible characters", () => {
    for (const form of [
      BARE,
      BARE.toUpperCase(),
      BARE.toLowerCase(),
      [...BARE].join(" "),
      `${BARE.slice(0, 10)}\n${BARE.slice(10)}`,
      `${BARE.slice(0, 5)}\u200b${BARE.slice(5, 20)}\u00ad${BARE.slice(20)}`,
    ]) {
      expectRedacted(form);
    }
  });

  it("removes a secret split by any format or default-ignorable character (LRM, RLM, U+2061-2064, U+034F...)", () => {
    assert.ok(INVISIBLE.length > 4000, `${INVISIBLE.length} invisible characters`);
    for (const [secret, splitter] of [
      [SECRET, "\u200e"],
      [SECRET, "\u200f"],
      [BARE, "\u2061\u2062\u2063\u2064"],
      [BARE, "\u034f"],
      [SECRET, "\u{e0020}"],
      [SECRET, "\ufe0f"],
    ] as const) {
      expectRedacted(
        [...secret].join(splitter),
        `${secret} split by ${[...splitter].map((c) => c.codePointAt(0)?.toString(16))}`,
      );
    }
    fc.assert(
      fc.property(
        fc.constantFrom(SECRET, BARE),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...INVISIBLE)), { minLength: 1, maxLength: 8 }),
        (secret, insertions) => {
          const characters = [...secret];
          for (const [at, invisible] of insertions) {
            const index = 1 + (at % (characters.length - 1));
            characters.splice(index, 0, invisible);
          }
          expectRedacted(characters.join(""));
        },
      ),
    );
  });

  it("removes a secret written in fullwidth or other compatibility characters, wholly or in part", () => {
    expectRedacted([...SECRET].map(fullwidth).join(""), "fullwidth");
    expectRedacted([...BARE].map(fullwidth).join(""), "fullwidth");
    const bold = [...SECRET]
      .map((c) => (/[a-z]/.test(c) ? String.fromCodePoint(0x1d41a + c.charCodeAt(0) - 97) : c))
      .join("");
    expectRedacted(bold, "mathematical bold letters");
    fc.assert(fc.property(spelled(SECRET, [fullwidth]), (characters) => expectRedacted(characters.join(""))));
  });

  it("removes a Floqer key without its floq_ prefix", () => {
    const rest = SECRET.slice("floq_".length);
    expectRedacted(rest);
    expectRedacted(rest.toUpperCase());
    expectRedacted([...rest].join(" "));
    expectRedacted(`${rest.slice(0, 6)}\u200e${rest.slice(6)}`);
    const encoded = Buffer.from(rest).toString("base64");
    assert.match(redact(encoded), /^\[redacted\].{0,3}$/, "its base64 too");
    assert.equal(redact(`key=${rest}`), "key=[redacted]");
  });

  it("removes a secret with any of its characters escaped one level: \\u, \\u{}, \\x, %, &#, &#x", () => {
    expectRedacted(`\\u0066${SECRET.slice(1)}`);
    expectRedacted(`floq%5F${SECRET.slice(5)}`);
    expectRedacted(`floq%5f${SECRET.slice(5)}`);
    expectRedacted(`&#102;loq&#x5f;${SECRET.slice(5)}`);
    fc.assert(
      fc.property(fc.constantFrom(SECRET, BARE), fc.nat(), (secret, seed) =>
        fc.assert(
          fc.property(spelled(secret, ESCAPES), (characters) => expectRedacted(characters.join(""))),
          { seed, numRuns: 3 },
        ),
      ),
      { numRuns: 100 },
    );
  });

  it("removes a secret inside base64 or base64url text, at any alignment", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (before, after) => {
        const bytes = Buffer.from(`${before}${BARE}${after}`, "utf8");
        for (const encoded of [bytes.toString("base64"), bytes.toString("base64url")]) {
          assert.match(redact(encoded), /\[redacted\]/, encoded);
        }
      }),
    );
  });

  it("takes secrets with any characters, regular-expression ones included", () => {
    const odd = "tok-en.with+odd/chars(1)[2]{3}|^$*?\\end";
    registerSecret(odd);
    assert.equal(redact(`a ${odd} b`), "a [redacted] b");
    assert.equal(redact(`a ${odd.toUpperCase()} b`), "a [redacted] b");
  });

  it("takes a secret that holds an escape-like sequence itself, and finds it as it is", () => {
    const token = "tok%41en\\u0042_0123456789";
    registerSecret(token);
    assert.equal(redact(`a ${token} b`), "a [redacted] b");
  });

  it("removes anything shaped like a Floqer key, in the same spellings, and leaves other text alone", () => {
    assert.equal(redact(`key ${SECRET.toUpperCase()}`), "key [redacted]");
    assert.equal(redact("key floq_someone_elses_key"), "key floq_[redacted]");
    assert.equal(redact("key ｆｌｏｑ＿someone_elses_key."), "key floq_[redacted].");
    assert.equal(redact("key floq_some\u200eone_elses_key."), "key floq_[redacted].");
    assert.equal(redact("key \\u0066loq_someone_elses_key."), "key floq_[redacted].");
    assert.equal(redact("key floq%5Fsomeone_elses_key."), "key floq_[redacted].");
    assert.equal(redact("Lead Status, Contact Score"), "Lead Status, Contact Score");
    assert.equal(redact("QUJD"), "QUJD");
  });

  it("changes nothing else: text with accents, invisible marks, fullwidth letters and escapes around a secret is kept", () => {
    const around = "Teléfono \u200eｆｕｌｌ 100% \\u00e9 &amp;";
    assert.equal(redact(around), around);
    assert.equal(
      redact(`${around} ${[...SECRET].join("\u200f")} ${around}`),
      `${around} [redacted] ${around}`,
    );
  });

  it("redacts every string of a structured value, keys included", () => {
    assert.deepEqual(redactDeep({ [BARE]: [{ label: `x ${BARE} y`, n: 3 }], ok: true }), {
      "[redacted]": [{ label: "x [redacted] y", n: 3 }],
      ok: true,
    });
  });

  it("cuts a secret split across the string values of one object or array out of each part", () => {
    assert.deepEqual(
      redactDeep({ first_name: `Key ${SECRET.slice(0, 14)}`, n: 1, last_name: `${SECRET.slice(14)} here` }),
      { first_name: "Key [redacted]", n: 1, last_name: "[redacted] here" },
    );
    assert.deepEqual(redactDeep(["a", BARE.slice(0, 3), BARE.slice(3, 5), `${BARE.slice(5)} b`]), [
      "a",
      "[redacted]",
      "[redacted]",
      "[redacted] b",
    ]);
    fc.assert(
      fc.property(
        fc.constantFrom(SECRET, BARE, [...SECRET].join("\u200e"), `floq%5F${SECRET.slice(5)}`),
        fc.integer({ min: 1, max: 200 }),
        fc.boolean(),
        fc.string({ maxLength: 6 }),
        (secret, at, asArray, padding) => {
          const cut = 1 + (at % (secret.length - 1));
          const parts = [`${padding}${secret.slice(0, cut)}`, `${secret.slice(cut)}${padding}`];
          const cleaned = redactDeep(asArray ? parts : { a: parts[0], b: parts[1] });
          const text = Object.values(cleaned).join("");
          assert.ok(!leaks(text.replace(/\u200e/g, "").replace(/%5F/g, "_")), JSON.stringify(cleaned));
          assert.ok(!leaks(text, BARE), JSON.stringify(cleaned));
        },
      ),
    );
  });

  it("leaves adjacent strings that only look alike as they are", () => {
    const plain = { name: "Custom_Field_1__c", label: "Zq8w Lead", type: "string" };
    assert.equal(redactDeep(plain), plain);
    const list = ["floq_", "docs", "live"];
    assert.equal(redactDeep(list), list);
  });
});
