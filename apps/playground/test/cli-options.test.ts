import { describe, expect, it } from "vitest";
import { parseOptions, USAGE, UsageError } from "../src/server/cli-options.js";

describe("parseOptions (the relay's parser, @wsmp/cli)", () => {
  it("defaults to Node, port 8080, every interface and the godot4 dialect with the scene relay", () => {
    expect(parseOptions([])).toEqual({ runtime: "node", port: 8080, bind: "*", dialect: "godot4", protocols: undefined, server: { dialect: "godot4", scene: { relay: "godot" } }, quiet: false, help: false });
  });

  it("reads every flag it had, as --flag value and --flag=value, past pnpm's lone --, and the relay's protections", () => {
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
      "--max-peers",
      "8",
      "--quiet",
    ]);
    expect(options).toEqual({
      runtime: "bun",
      port: 0,
      bind: "127.0.0.1",
      dialect: "godot3",
      protocols: ["a", "b", "c"],
      server: { dialect: "godot3", handshakeTimeout: 1.5, inboundBufferSize: 1024, maxQueuedPackets: 16, outboundBufferSize: -1, maxPeers: 8, supportedProtocols: ["a", "b", "c"] },
      quiet: true,
      help: false,
    });
  });

  it("takes WSMP_* variables like the relay, flags first", () => {
    expect(parseOptions(["--port", "9000"], { WSMP_PORT: "9001", WSMP_DIALECT: "raw" })).toMatchObject({ port: 9000, dialect: "raw" });
  });

  it.each([
    [["--port", "65536"], /--port needs an integer in \[0, 65535\]/],
    [["--port", "80x"], /--port/],
    [["--runtime", "deno"], /--runtime needs one of node, bun/],
    [["--dialect", "godot5"], /--dialect needs one of godot4, godot3, raw/],
    [["--handshake-timeout", "0"], /--handshake-timeout needs a number > 0/],
    [["--max-queued-packets", "0"], /--max-queued-packets needs an integer in \[1,/],
    [["--inbound-buffer-size"], /needs a value/],
    [["--verbose"], /Unknown option '--verbose'/],
    [["--token", "x"], /Unknown option '--token'/],
  ])("refuses %j", (argv, message) => {
    expect(() => parseOptions(argv)).toThrow(UsageError);
    expect(() => parseOptions(argv)).toThrow(message);
  });

  it("documents its flags with the playground's port", () => {
    expect(USAGE).toContain("--port N");
    expect(USAGE).toContain("(default 8080)");
    expect(USAGE).toContain("--max-peers N");
  });
});
