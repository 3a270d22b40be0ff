import { describe, expect, it } from "vitest";
import { GodotError } from "./constants.js";
import { ErrorCode, InvalidArgumentError, InvalidStateError, UnsupportedError, WsmpError, errorFromGodot, isWsmpError } from "./errors.js";

describe("WsmpError", () => {
  it("carries a stable code and the Godot error, and keeps its cause", () => {
    const cause = new Error("root");
    const e = new WsmpError(ErrorCode.TRANSPORT, "bind failed", { godotError: GodotError.ERR_ALREADY_IN_USE, cause });
    expect(e).toBeInstanceOf(Error);
    expect([e.code, e.godotError, e.cause, e.name]).toEqual(["WSMP_ERR_TRANSPORT", 22, cause, "WsmpError"]);
    expect(new WsmpError(ErrorCode.CLOSED, "x").godotError).toBe(GodotError.FAILED);
  });

  it("subclasses have their code and default Godot error", () => {
    expect([new InvalidStateError("x").code, new InvalidStateError("x").godotError]).toEqual([ErrorCode.INVALID_STATE, 3]);
    expect([new InvalidArgumentError("x").code, new InvalidArgumentError("x").godotError]).toEqual([ErrorCode.INVALID_ARGUMENT, 31]);
    expect([new UnsupportedError("x").code, new UnsupportedError("x").godotError]).toEqual([ErrorCode.UNSUPPORTED, 2]);
  });

  it("is recognised across copies of the package by a registered symbol", () => {
    const foreign = Object.assign(new Error("from another copy"), { code: ErrorCode.CLOSED });
    Object.defineProperty(foreign, Symbol.for("wsmp.error"), { value: true });
    expect(isWsmpError(foreign)).toBe(true);
    expect(WsmpError.isInstance(new InvalidStateError("x"))).toBe(true);
    for (const other of [new Error("plain"), null, undefined, "WSMP_ERR_CLOSED", { code: ErrorCode.CLOSED }]) expect(isWsmpError(other)).toBe(false);
  });

  it("maps the Godot errors of packet calls to typed errors", () => {
    expect(errorFromGodot(GodotError.ERR_UNCONFIGURED, "send")).toBeInstanceOf(InvalidStateError);
    expect(errorFromGodot(GodotError.ERR_INVALID_PARAMETER, "send").code).toBe(ErrorCode.UNKNOWN_PEER);
    expect(errorFromGodot(GodotError.ERR_OUT_OF_MEMORY, "send")).toMatchObject({ code: ErrorCode.OUTBOUND_FULL, godotError: 6 });
    expect(errorFromGodot(GodotError.FAILED, "send")).toMatchObject({ code: ErrorCode.CLOSED, godotError: 1 });
  });
});
