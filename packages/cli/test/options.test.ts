import { describe, expect, it } from "vitest";
import { parseOptions, RELAY_OPTIONS, relayUsage, serverOptionsOf, UsageError } from "../src/index.js";
import { presentedToken, relayAdmission, tlsOf } from "../src/server-options.js";

const parse = (argv: string[], env: Record<string, string> = {}, config?: object) =>
  parseOptions(RELAY_OPTIONS, { argv, env, readFile: () => JSON.stringify(config ?? {}) }).values;

describe("relay settings", () => {
  it("has defaults for the server and leaves the library's for the limits", () => {
    const values = parse(["relay"]);
    expect(values).toMatchObject({ runtime: "node", port: 9080, bind: "*", dialect: "godot4", relay: "godot", shutdownTimeout: 10, logFormat: "text" });
    expect(values["maxPeers"]).toBeUndefined();
    expect(serverOptionsOf(values)).toEqual({ dialect: "godot4", scene: { relay: "godot" } });
  });

  it("takes flags over variables over the config file, and reads lists, negatives and --flag=value", () => {
    const values = parse(
      ["relay", "--port=7000", "--outbound-buffer-size", "-1", "--allowed-origins", "https://a.example", "--allowed-origins", "https://b.example", "--sessions"],
      { WSMP_PORT: "7001", WSMP_MAX_PEERS: "12", WSMP_CONFIG: "relay.json" },
      { port: 7002, maxPeers: 99, dialect: "godot3", heartbeatInterval: 15, session: ["a", "b"] },
    );
    expect(values).toMatchObject({ port: 7000, maxPeers: 12, dialect: "godot3", heartbeatInterval: 15, outboundBufferSize: -1, sessions: true, session: ["a", "b"] });
    expect(serverOptionsOf(values)).toEqual({
      dialect: "godot3",
      maxPeers: 12,
      outboundBufferSize: -1,
      heartbeatInterval: 15,
      allowedOrigins: ["https://a.example", "https://b.example"],
      defaultSession: "lobby",
    });
  });

  it.each([
    [["relay", "--port", "65536"], /--port needs an integer in \[0, 65535\], got "65536"/],
    [["relay", "--dialect", "godot5"], /--dialect needs one of godot4, godot3, raw/],
    [["relay", "--handshake-timeout", "0"], /--handshake-timeout needs a number > 0/],
    [["relay", "--max-peers"], /--max-peers needs a value/],
    [["relay", "--verbose"], /Unknown option '--verbose'$/],
  ])("refuses %j with a message naming the flag", (argv, message) => {
    expect(() => parse(argv)).toThrow(UsageError);
    expect(() => parse(argv)).toThrow(message);
  });

  it("names the variable or the config file that holds a bad value", () => {
    expect(() => parse(["relay"], { WSMP_MAX_PEERS: "many" })).toThrow(/WSMP_MAX_PEERS needs an integer/);
    expect(() => parse(["relay", "--config", "x.json"], {}, { maxPeers: -1 })).toThrow(/maxPeers in x\.json needs an integer/);
    expect(() => parse(["relay", "--config", "x.json"], {}, { maxPlayers: 3 })).toThrow(/unknown setting "maxPlayers"/);
  });

  it("lists every flag and its variable in --help", () => {
    const help = relayUsage(RELAY_OPTIONS);
    for (const option of RELAY_OPTIONS) {
      expect(help).toContain(option.flag);
      if (option.env) expect(help).toContain(`[${option.env}]`);
    }
  });

  it("needs both TLS files", () => {
    expect(() => tlsOf({ tlsKey: "k.pem" })).toThrow(/both --tls-key and --tls-cert/);
    expect(tlsOf({})).toBeUndefined();
  });
});

describe("the token check", () => {
  const request = (path: string, headers: Record<string, string> = {}) => ({ path, headers, remoteAddress: "", remotePort: 0, origin: "", protocols: [] });

  it("finds the token in the URL, then an Authorization Bearer or X-Wsmp-Token header", () => {
    expect(presentedToken(request("/?token=a%20b"))).toBe("a b");
    expect(presentedToken(request("/match?x=1", { authorization: "Bearer s3" }))).toBe("s3");
    expect(presentedToken(request("/", { "x-wsmp-token": "t" }))).toBe("t");
    expect(presentedToken(request("/"))).toBeUndefined();
  });

  it("admits the right token, answers 401 otherwise and 503 while draining", () => {
    let draining = false;
    const admit = relayAdmission("s3cret", () => draining);
    expect(admit(request("/?token=s3cret"))).toBe(true);
    expect(admit(request("/?token=wrong"))).toEqual({ status: 401, reason: "a valid token is required" });
    expect(admit(request("/"))).toMatchObject({ status: 401 });
    draining = true;
    expect(admit(request("/?token=s3cret"))).toMatchObject({ status: 503 });
    expect(relayAdmission(undefined, () => false)(request("/"))).toBe(true);
  });
});

describe("the README", () => {
  it("has a row for every setting, with its variable", async () => {
    const { readFileSync } = await import("node:fs");
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    for (const option of RELAY_OPTIONS) {
      expect(readme).toContain(`| \`${option.flag}`);
      if (option.env) expect(readme).toContain(`\`${option.env}\``);
    }
  });
});
