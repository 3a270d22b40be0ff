import { describe, expect, it } from "vitest";
import { parseOptions, toArgs, UsageError } from "../src/server/cli-options.js";

describe("parseOptions", () => {
  it("defaults to Node, port 8080, every interface and the godot4 dialect", () => {
    expect(parseOptions([])).toEqual({ runtime: "node", port: 8080, bind: "*", dialect: "godot4", quiet: false, help: false });
  });

  it("reads every flag, as --flag value and --flag=value, past pnpm's lone --", () => {
    const options = parseOptions([
      "--",
      "--runtime",
      "bun",
      "--port=0",
      "--bind",
      "127.0.0.1",
      "--dialect",
      "godot3",
      "--handshake-timeout",
      "1.5",
      "--inbound-buffer-size=1024",
      "--max-queued-packets",
      "16",
      "--outbound-buffer-size",
      "-1",
      "--protocols",
      "a, b,,c",
      "--quiet",
    ]);
    expect(options).toEqual({
      runtime: "bun",
      port: 0,
      bind: "127.0.0.1",
      dialect: "godot3",
      handshakeTimeout: 1.5,
      inboundBufferSize: 1024,
      maxQueuedPackets: 16,
      outboundBufferSize: -1,
      protocols: ["a", "b", "c"],
      quiet: true,
      help: false,
    });
    expect(parseOptions(toArgs(options))).toEqual(options);
  });

  it.each([
    [["--port", "65536"], /--port needs an integer in \[0, 65535\]/],
    [["--port", "80x"], /--port/],
    [["--runtime", "deno"], /--runtime must be node or bun/],
    [["--dialect", "godot5"], /--dialect must be one of godot4, godot3, raw/],
    [["--handshake-timeout", "0"], /positive number of seconds/],
    [["--max-queued-packets", "0"], /--max-queued-packets needs an integer in \[1,/],
    [["--inbound-buffer-size"], /needs a value/],
    [["--verbose"], /unknown option "--verbose"/],
  ])("refuses %j", (argv, message) => {
    expect(() => parseOptions(argv)).toThrow(UsageError);
    expect(() => parseOptions(argv)).toThrow(message);
  });
});
