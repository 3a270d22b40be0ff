import { GodotError, TLSOptions, UnsupportedError } from "@wsmp/core";
import { describe, expect, it } from "vitest";
import { createClient, createServer, isBrowserSendableCloseCode, toBrowserCloseCode } from "../src/index.js";

// These checks run before any WebSocket exists, so they hold in any JavaScript runtime.
describe("what a browser cannot do (checked before any socket exists)", () => {
  it("createServer throws UnsupportedError with Godot's ERR_UNAVAILABLE", () => {
    let thrown: unknown;
    try {
      createServer(8910, "*");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UnsupportedError);
    expect(thrown).toMatchObject({ code: "WSMP_ERR_UNSUPPORTED", godotError: GodotError.ERR_UNAVAILABLE });
    expect(String((thrown as Error).message)).toMatch(/cannot listen/);
  });

  it("createClient refuses handshake headers and TLS options the browser cannot honour", () => {
    expect(() => createClient("ws://127.0.0.1:1/", undefined, { handshakeHeaders: ["X-A: 1"] })).toThrow(UnsupportedError);
    expect(() => createClient("wss://127.0.0.1:1/", TLSOptions.client("-----BEGIN CERTIFICATE-----"))).toThrow(/trusted CA/);
    expect(() => createClient("wss://127.0.0.1:1/", TLSOptions.client(undefined, "example.test"))).toThrow(/common name override/);
    expect(() => createClient("wss://127.0.0.1:1/", TLSOptions.clientUnsafe())).toThrow(/unsafe/);
  });
});

describe("close codes a browser can send", () => {
  it.each([
    [1000, 1000],
    [3000, 3000],
    [4999, 4999],
    [1001, 4001],
    [1002, 4002],
    [1008, 4008],
    [1009, 4009],
    [1011, 4011],
  ])("%i goes out as %i", (code, sent) => {
    expect(toBrowserCloseCode(code)).toBe(sent);
    expect(isBrowserSendableCloseCode(sent)).toBe(true);
  });

  it.each([
    [999, 1000],
    [1999, 4999],
    [2000, 1000],
    [2999, 1000],
    [5000, 1000],
    [1001.5, 1000],
  ])("%d, outside what can be moved into the application range, goes out as %i", (code, sent) => {
    expect(toBrowserCloseCode(code)).toBe(sent);
  });

  it("refuses what browsers refuse", () => {
    for (const code of [999, 1001, 1005, 1006, 1015, 2999, 5000, 3000.5]) expect(isBrowserSendableCloseCode(code)).toBe(false);
  });
});
