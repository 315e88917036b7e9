import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_PROBLEM_CHARS, SHOWN_PROBLEMS } from "../../src/limits.js";
import { problemsMessage, refusal, ToolFailure } from "../../src/tools/tool.js";

describe("a refusal's list of problems", () => {
  it("lists each problem once, under the headline and above the next step", () => {
    assert.equal(
      problemsMessage("Refused:", ["a is wrong", "b is wrong", "a is wrong"], "Fix these."),
      "Refused:\n- a is wrong\n- b is wrong\nFix these.",
    );
  });

  it("lists the first problems and counts the rest, however many there are", () => {
    const problems = Array.from({ length: 100_000 }, (_, index) => `token ${index} is unknown`);
    const message = problemsMessage("Refused:", problems, "Fix these.");
    const lines = message.split("\n");
    assert.equal(lines.filter((line) => line.startsWith("- token")).length, SHOWN_PROBLEMS);
    assert.equal(
      lines.at(-2),
      `- and ${100_000 - SHOWN_PROBLEMS} more problems, listed once these are fixed`,
    );
    assert.ok(message.length < 2_000, `${message.length} characters`);
  });

  it("is what a refusal to throw says", () => {
    const failure = refusal("Refused:", ["a is wrong"], "Fix it.");
    assert.ok(failure instanceof ToolFailure);
    assert.equal(failure.message, "Refused:\n- a is wrong\nFix it.");
  });

  it("bounds each line: a problem may quote a 32 KiB value", () => {
    const message = problemsMessage("Refused:", [`{{input.${"x".repeat(40_000)}}}: no such column`], "Fix.");
    const line = message.split("\n")[1] ?? "";
    assert.equal(line.length, 2 + MAX_PROBLEM_CHARS + 1);
    assert.ok(line.endsWith("…"));
  });
});
