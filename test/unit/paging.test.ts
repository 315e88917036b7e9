import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CursorError, paginate } from "../../src/tools/paging.js";

const items = Array.from({ length: 7 }, (_, i) => i);

describe("paging", () => {
  it("walks every item exactly once", () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = paginate(items, 3, cursor, "q");
      assert.equal(page.total, 7);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, items);
  });

  it("has no cursor on the last page", () => {
    assert.equal(paginate(items, 7, undefined, "q").nextCursor, undefined);
    assert.equal(paginate([], 5, undefined, "q").nextCursor, undefined);
  });

  it("refuses a cursor from another query or one it never gave out", () => {
    const cursor = paginate(items, 3, undefined, "q").nextCursor;
    assert.throws(() => paginate(items, 3, cursor, "other"), CursorError);
    assert.throws(() => paginate(items, 3, "garbage", "q"), CursorError);
    assert.throws(() => paginate(items, 3, Buffer.from("-1:x").toString("base64url"), "q"), CursorError);
  });
});
