/** The guard's rules, on plain values: which token opens the door for which caller, and answers. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AnsweredQuestions } from "../../src/guard/answeredQuestions.js";
import { type CallingSession, Guard } from "../../src/guard/guard.js";

const KEY = "floq_unit_key_0123456789abcdef";
const SECRET = "guard-unit-secret-0123456789abcdef";

const formClient = (id?: string): CallingSession => ({ id, showsForms: true });
const plainClient = (id?: string): CallingSession => ({ id, showsForms: false });

describe("the door: a client that shows forms", () => {
  for (const secret of [undefined, SECRET]) {
    const setting = secret ? "with a shared secret" : "with a secret of its own";
    it(`accepts only a token the user confirmed in a form (${setting})`, () => {
      const guard = new Guard(KEY, secret, 600);
      const byForm = guard.issue("elicitation", "s1").token;
      const byAgent = guard.issue("agent", "s1").token;
      assert.deepEqual(guard.door(byForm, false, formClient("s1")), { pass: true, warnings: [] });
      const refused = guard.door(byAgent, false, formClient("s1"));
      assert.equal(refused.pass, false);
      assert.match(
        JSON.stringify(refused),
        /confirmed through the agent, not by the user in a form.*call confirm_salesforce_connection again/,
      );
      const dryRun = guard.door(byAgent, true, formClient("s1"));
      assert.equal(dryRun.pass, true);
      assert.match(
        JSON.stringify(dryRun),
        /would be refused: confirmation_token was confirmed through the agent/,
      );
      // A client without forms takes either.
      assert.equal(guard.door(byAgent, false, plainClient("s1")).pass, true);
      assert.equal(guard.door(byForm, false, plainClient("s1")).pass, true);
    });
  }
});

describe("the door: no token", () => {
  it("refuses a real call, and offers a dry run only to a tool that has one", () => {
    const guard = new Guard(KEY, SECRET, 600);
    const withDryRun = guard.door(undefined, false, plainClient("s1"));
    const without = guard.door(undefined, undefined, plainClient("s1"));
    assert.equal(withDryRun.pass, false);
    assert.equal(without.pass, false);
    assert.match(JSON.stringify(withDryRun), /no confirmation_token.*dry_run true needs none/);
    assert.match(JSON.stringify(without), /no confirmation_token/);
    assert.doesNotMatch(JSON.stringify(without), /dry_run/);
  });
});

describe("the door: sessions", () => {
  it("with a secret of its own, a token opens the door only in the session that got it", () => {
    const guard = new Guard(KEY, undefined, 600);
    const token = guard.issue("agent", "session-a").token;
    assert.equal(guard.door(token, false, plainClient("session-a")).pass, true);
    for (const caller of [plainClient("session-b"), plainClient(undefined)]) {
      const door = guard.door(token, false, caller);
      assert.equal(door.pass, false);
      assert.match(JSON.stringify(door), /belongs to another MCP session.*Nothing was sent/);
    }
  });

  it("with a shared secret, a token is bound to the key and the secret, not to a session", () => {
    const guard = new Guard(KEY, SECRET, 600);
    const token = guard.issue("agent", "session-a").token;
    assert.equal(guard.door(token, false, plainClient("session-b")).pass, true);
    assert.equal(new Guard(KEY, SECRET, 600).door(token, false, plainClient("session-c")).pass, true);
  });

  it("over stdio (no session), tokens work as before", () => {
    const guard = new Guard(KEY, undefined, 600);
    const token = guard.issue("agent", undefined).token;
    assert.equal(guard.door(token, false, plainClient(undefined)).pass, true);
    assert.equal(guard.door(guard.issue("elicitation", undefined).token, false, formClient()).pass, true);
    // The form rule holds there too.
    assert.match(JSON.stringify(guard.door(token, false, formClient())), /not by the user in a form/);
  });
});

describe("answers to a question", () => {
  it("count once: any answer retires the question id", () => {
    const guard = new Guard(KEY, undefined, 600);
    const questionId = guard.issueQuestion(undefined);
    assert.equal(guard.checkQuestion(questionId, undefined).ok, true, "looking does not retire it");
    assert.equal(guard.answerQuestion(questionId, undefined).ok, true);
    for (const again of [
      guard.answerQuestion(questionId, undefined),
      guard.checkQuestion(questionId, undefined),
    ]) {
      assert.match(JSON.stringify(again), /question_id was already answered; ask the user the new question/);
    }
    // The retired id's signature still checks out: only the record refuses it.
    assert.equal(guard.signer.verifyQuestion(questionId, KEY).ok, true);
  });

  it("are taken only in the session the question was put in, unless the secret is shared", () => {
    const own = new Guard(KEY, undefined, 600);
    const asked = own.issueQuestion("session-a");
    assert.match(JSON.stringify(own.answerQuestion(asked, "session-b")), /belongs to another MCP session/);
    assert.equal(own.answerQuestion(asked, "session-a").ok, true, "the refusal elsewhere did not retire it");
    const shared = new Guard(KEY, SECRET, 600);
    assert.equal(shared.answerQuestion(shared.issueQuestion("session-a"), "session-b").ok, true);
  });

  it("are refused, and no question is put, while the record of answers is full", () => {
    const guard = new Guard(KEY, undefined, 600, new AnsweredQuestions(2));
    const [first, second, third] = [1, 2, 3].map(() => guard.issueQuestion(undefined)) as [
      string,
      string,
      string,
    ];
    assert.equal(guard.answersFull(), undefined);
    assert.equal(guard.answerQuestion(first, undefined).ok, true);
    assert.equal(guard.answerQuestion(second, undefined).ok, true);
    assert.match(String(guard.answersFull()), /taken 2 answers .* the most it can remember/);
    const refused = guard.answerQuestion(third, undefined);
    assert.match(JSON.stringify(refused), /the most it can remember/);
    assert.equal(guard.checkQuestion(third, undefined).ok, true, "a refused answer does not retire the id");
  });
});

describe("a test run's question", () => {
  it("stays bound to its session even with a shared secret, and to its plan; the connection question does not", () => {
    const guard = new Guard(KEY, SECRET, 600);
    const run = guard.issueQuestion("session-a", "plan-digest");
    assert.equal(guard.checkQuestion(run, "session-a", "plan-digest").ok, true);
    const elsewhere = guard.checkQuestion(run, "session-b", "plan-digest");
    assert.match(elsewhere.ok ? "" : elsewhere.problem, /another MCP session/);
    const otherPlan = guard.checkQuestion(run, "session-a", "another-digest");
    assert.match(otherPlan.ok ? "" : otherPlan.problem, /issued for another question/);
    // Taken as the connection question's answer, it is refused (whichever rule says so first).
    assert.equal(guard.checkQuestion(run, "session-a").ok, false);
    // With a shared secret the connection question travels between instances, as before.
    const connection = guard.issueQuestion("session-a");
    assert.equal(new Guard(KEY, SECRET, 600).checkQuestion(connection, "session-b").ok, true);
  });
});
