import { describe, expect, it } from "vitest";
import { GodotError } from "../../shared/constants.js";
import { AuthTable } from "./scene-auth-table.js";
import type { SceneAuthResult } from "./scene-options.js";

/** The authentication table alone: a session's answers reach that session only. */

function table(callback: (id: number, data: Uint8Array) => SceneAuthResult | Promise<SceneAuthResult>) {
  const log: string[] = [];
  let onSend = (_id: number): void => {};
  const auth = new AuthTable(callback, 0, {
    send: (id, data) => {
      log.push(`send ${id} ${data.byteLength}`);
      onSend(id);
      return GodotError.OK;
    },
    admit: (id) => void log.push(`admit ${id}`),
    fail: (id, reason) => void log.push(`fail ${id} ${reason}`),
    wake: () => {},
  });
  return { auth, log, sending: (hook: (id: number) => void) => void (onSend = hook) };
}

describe("scene authentication table", () => {
  it("a late answer of a peer that left does not touch a new peer under the same id", async () => {
    const answers: ((value: SceneAuthResult) => void)[] = [];
    const failures: ((error: unknown) => void)[] = [];
    const t = table(() => new Promise<SceneAuthResult>((resolve, reject) => (answers.push(resolve), failures.push(reject))));
    t.auth.begin(5, 0);
    t.auth.receive(5, { kind: "auth", data: new Uint8Array([1]) });
    t.auth.receive(5, { kind: "auth", data: new Uint8Array([2]) });
    expect(t.auth.forget(5)).toBe(true);
    t.auth.begin(5, 0);
    answers[0]!(true);
    failures[1]!(new Error("late"));
    await Promise.resolve();
    await Promise.resolve();
    expect(t.log).toEqual([]);
    expect(t.auth.isPending(5)).toBe(true);
  });

  it("a peer dropped while its confirmation was being sent is not admitted", () => {
    const t = table(() => undefined);
    t.auth.begin(5, 0);
    t.auth.receive(5, { kind: "auth_complete" });
    t.sending((id) => void t.auth.forget(id));
    t.auth.complete(5);
    expect(t.log).toEqual(["send 5 2"]);
  });
});
