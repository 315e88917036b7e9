import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkRecordId, checksumSuffix } from "../../src/salesforce/recordId.js";

describe("record IDs", () => {
  it("computes the checksum Salesforce appends to a 15-character ID", () => {
    assert.equal(checksumSuffix("0035g00000XyZaB"), "AAV");
    assert.equal(checksumSuffix("001000000000000"), "AAA");
    assert.equal(checksumSuffix("ABCDEABCDEABCDE"), "555");
  });

  it("accepts 15-character IDs and 18-character IDs with a matching checksum", () => {
    assert.deepEqual(checkRecordId("0035g00000XyZaB"), {
      ok: true,
      id: "0035g00000XyZaB",
      standardObject: "Contact",
    });
    assert.deepEqual(checkRecordId("0035g00000XyZaBAAV"), {
      ok: true,
      id: "0035g00000XyZaBAAV",
      standardObject: "Contact",
    });
  });

  it("accepts an 18-character ID whose case was folded, restoring its case", () => {
    const check = checkRecordId("0035G00000XYZABAAV");
    assert.deepEqual(check, { ok: true, id: "0035g00000XyZaBAAV", standardObject: "Contact" });
    assert.deepEqual(checkRecordId("0035g00000xyzabaav"), check);
  });

  it("refuses an 18-character ID with mixed case whose checksum does not match", () => {
    const check = checkRecordId("0035g00000XyZaBAAA");
    assert.equal(check.ok, false);
    assert.match(!check.ok ? check.problem : "", /checksum.*AAV/);
  });

  it("refuses a folded ID whose suffix marks a digit as uppercase", () => {
    // Suffix 'B' marks position 0 of the first chunk (a digit) as uppercase: impossible.
    assert.equal(checkRecordId("0035G00000XYZABBAV").ok, false);
  });

  it("refuses wrong lengths and characters", () => {
    for (const bad of [
      "",
      "0035g00000XyZa",
      "0035g00000XyZaBAA",
      "0035g00000XyZaBAAVX",
      "0035g00000XyZ-B",
      "003 5g00000XyZaB",
    ]) {
      const check = checkRecordId(bad);
      assert.equal(check.ok, false, bad);
    }
    const short = checkRecordId("0035g00000XyZa");
    assert.match(!short.ok ? short.problem : "", /15 or 18 characters, this one has 14/);
  });

  it("names the standard object of a known key prefix, and none for custom objects", () => {
    const lead = checkRecordId("00Q5g00000LmNoPEAV");
    assert.equal(lead.ok && lead.standardObject, "Lead");
    const custom = checkRecordId("a015g00000LmNoP");
    assert.equal(custom.ok && custom.standardObject, undefined);
  });
});
