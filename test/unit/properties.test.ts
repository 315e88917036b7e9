/** Property-based tests of every pure rule, with a fixed seed (see test/support/seed.ts). */
import "../support/seed.js";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { optionsRoute, PATH_ID } from "../../src/floqer/endpoints.js";
import { ConfirmationSigner } from "../../src/guard/token.js";
import { boundedEditDistance, closestNames } from "../../src/names.js";
import { checkRecordId, checksumSuffix, STANDARD_KEY_PREFIXES } from "../../src/salesforce/recordId.js";
import { resolveFields } from "../../src/salesforce/validateUpdate.js";
import { scanReferences } from "../../src/sheet/references.js";
import { decodeCursor, encodeCursor } from "../../src/tools/paging.js";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const alnum = (length: number) =>
  fc.string({ unit: fc.constantFrom(...ALNUM), minLength: length, maxLength: length });
const name = fc.string({
  unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz_0123456789"),
  minLength: 1,
  maxLength: 20,
});
const instanceId = fc
  .tuple(fc.string({ unit: fc.constantFrom(..."abcdefghij_"), minLength: 1, maxLength: 12 }), fc.nat(99))
  .map(([action, n]) => `a${action}_${n}`);
const literal = fc.string({ maxLength: 20 }).map((text) => text.replace(/[{}]/g, ""));

function flipCase(text: string, mask: boolean[]): string {
  return [...text]
    .map((char, i) =>
      mask[i] ? (char === char.toUpperCase() ? char.toLowerCase() : char.toUpperCase()) : char,
    )
    .join("");
}

describe("record ID properties", () => {
  it("every 15-character ID and its 18-character form are valid, and agree", () => {
    fc.assert(
      fc.property(alnum(15), (id15) => {
        const id18 = id15 + checksumSuffix(id15);
        const short = checkRecordId(id15);
        const long = checkRecordId(id18);
        assert.ok(short.ok && long.ok);
        assert.equal(long.id, id18);
        assert.equal(short.standardObject, STANDARD_KEY_PREFIXES[id15.slice(0, 3)]);
      }),
    );
  });

  it("an 18-character ID survives case folding, restored to its original case", () => {
    fc.assert(
      fc.property(alnum(15), fc.boolean(), (id15, upper) => {
        const id18 = id15 + checksumSuffix(id15);
        const folded = upper ? id18.toUpperCase() : id18.toLowerCase();
        const check = checkRecordId(folded);
        assert.ok(check.ok);
        assert.equal(check.id, id18);
      }),
    );
  });

  it("changing the case of letters in a mixed-case ID breaks its checksum", () => {
    fc.assert(
      fc.property(alnum(15), fc.array(fc.boolean(), { minLength: 15, maxLength: 15 }), (id15, mask) => {
        const id18 = id15 + checksumSuffix(id15);
        const altered = flipCase(id15, mask);
        const foldedWhole = altered === altered.toUpperCase() || altered === altered.toLowerCase();
        fc.pre(altered !== id15 && !foldedWhole);
        assert.equal(checkRecordId(altered + id18.slice(15)).ok, false);
      }),
    );
  });

  it("refuses every length but 15 and 18, and every non-alphanumeric character", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const trimmed = text.trim();
        const plausible = /^[A-Za-z0-9]+$/.test(trimmed) && (trimmed.length === 15 || trimmed.length === 18);
        if (!plausible) assert.equal(checkRecordId(text).ok, false);
      }),
    );
  });
});

describe("reference token properties", () => {
  const token = fc.oneof(
    name.map((column) => `{{input.${column}}}`),
    fc.tuple(instanceId, name).map(([id, output]) => `{{${id}.${output}}}`),
    fc.tuple(instanceId, name, name).map(([id, list, column]) => `{{${id}.${list}.${column}}}`),
  );

  it("well-formed tokens mixed with literals are accepted, and each is found", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(literal, token), { maxLength: 5 }), literal, (parts, tail) => {
        const value = parts.map(([text, reference]) => text + reference).join("") + tail;
        const scan = scanReferences(value);
        assert.ok(scan.ok, value);
        assert.deepEqual(
          scan.tokens.map((found) => found.raw),
          parts.map(([, reference]) => reference),
        );
      }),
    );
  });

  it("a stray brace pair anywhere is refused", () => {
    fc.assert(
      fc.property(literal, fc.constantFrom("{{", "}}"), literal, (before, brace, after) => {
        assert.equal(scanReferences(before + brace + after).ok, false);
      }),
    );
  });
});

describe("field-name matching properties", () => {
  it("any case of an existing writable field resolves to its canonical name; an absent name never does", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(name, { minLength: 1, maxLength: 30, selector: (field) => field.toLowerCase() }),
        fc.nat(),
        fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
        name,
        (names, pick, mask, absent) => {
          const fields = names.map((field) => ({
            name: `F${field}__c`,
            label: field,
            type: "string",
            updateable: true,
          }));
          const chosen = fields[pick % fields.length] as (typeof fields)[number];
          const asked = flipCase(chosen.name, mask);
          const resolved = resolveFields("Obj", [{ name: asked, value: "v" }], fields);
          assert.deepEqual(resolved.ok && resolved.value, [
            { name: chosen.name, label: chosen.label, value: "v" },
          ]);
          fc.pre(!fields.some((field) => field.name.toLowerCase() === `g${absent}`.toLowerCase()));
          assert.equal(resolveFields("Obj", [{ name: `G${absent}`, value: "v" }], fields).ok, false);
        },
      ),
    );
  });
});

/** Plain Levenshtein distance, the reference for the banded one. */
function levenshtein(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = rows[i] as number[];
      const above = rows[i - 1] as number[];
      row[j] = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}

describe("suggestion distance properties", () => {
  it("the banded edit distance equals Levenshtein within the limit, and is Infinity beyond", () => {
    const word = fc.string({ unit: fc.constantFrom(..."abcde"), maxLength: 12 });
    fc.assert(
      fc.property(word, word, fc.nat(6), (a, b, limit) => {
        const exact = levenshtein(a, b);
        assert.equal(boundedEditDistance(a, b, limit), exact <= limit ? exact : Number.POSITIVE_INFINITY);
      }),
    );
  });

  it("a name within the edit limit is always suggested: the letter bound drops only names beyond it", () => {
    const word = fc.string({ unit: fc.constantFrom(..."abcde01"), minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(word, word, (wanted, other) => {
        const limit = Math.min(8, Math.max(2, Math.floor(wanted.length / 3)));
        const near = other.includes(wanted) || wanted.includes(other) || levenshtein(wanted, other) <= limit;
        assert.equal(closestNames(wanted, [{ name: other, label: other }]).length, near ? 1 : 0);
      }),
    );
  });
});

describe("path id properties", () => {
  it("only ids that cannot change a URL's shape reach a path", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 140 }), (id) => {
        const location = { workflow_id: id, action_instance_id: "salesforce_update_record_1" };
        if (PATH_ID.test(id)) {
          const { path } = optionsRoute(location, "salesforce_object", {});
          assert.equal(path.split("/").length, 9);
          assert.ok(!/[?#%.\s]/.test(path));
        } else {
          assert.throws(() => optionsRoute(location, "salesforce_object", {}));
        }
      }),
    );
  });
});

describe("cursor and token properties", () => {
  it("cursors round-trip for their own query only", () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.string(), fc.string(), (offset, query, other) => {
        const cursor = encodeCursor(offset, query);
        assert.equal(decodeCursor(cursor, query), offset);
        if (other !== query) assert.throws(() => decodeCursor(cursor, other));
      }),
    );
  });

  it("a token verifies for its key only, and any altered character breaks it", () => {
    const signer = new ConfirmationSigner("p".repeat(32), 600);
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        fc.nat(),
        (key, otherKey, position) => {
          const { token } = signer.issue(key, "agent");
          assert.equal(signer.verify(token, key).ok, true);
          if (otherKey !== key) assert.equal(signer.verify(token, otherKey).ok, false);
          const index = position % token.length;
          const replacement = token[index] === "A" ? "B" : "A";
          const altered = token.slice(0, index) + replacement + token.slice(index + 1);
          // The last base64url character of the signature may carry unused bits; skip only that one.
          fc.pre(index !== token.length - 1);
          assert.equal(signer.verify(altered, key).ok, false, `altered at ${index}`);
        },
      ),
    );
  });
});
