import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { BUN_BINARY } from "./support/bun-harness.js";

interface Checks {
  response101: string;
  rejected: { response: string; peers: number };
  plainHttp: { response: string; peers: number };
  bindStar: { v4: boolean; v6: boolean };
  portInUse: { listened: boolean; code?: string; godotError?: number };
  godot3: { listenError: number; connectErrors: number[]; distinct: boolean; relayed: { from: number; bytes: number[] }; fromA: boolean };
}

/** Header lines of a raw HTTP response, names lower-cased. */
function headerLines(response: string): [string, string][] {
  const head = response.split("\r\n\r\n")[0] ?? "";
  return head
    .split("\r\n")
    .slice(1)
    .map((line): [string, string] => {
      const colon = line.indexOf(":");
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
    });
}

let checks: Checks;

beforeAll(async () => {
  const script = fileURLToPath(new URL("./fixtures/bun-checks.ts", import.meta.url));
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(BUN_BINARY, [script], { timeout: 30_000, cwd: fileURLToPath(new URL("..", import.meta.url)) }, (error, out, err) =>
      error ? reject(new Error(`bun-checks failed: ${err || error.message}`)) : resolve(out),
    );
  });
  checks = JSON.parse(stdout.trim().split("\n").pop()!) as Checks;
});

describe("Bun adapter specifics (run in a Bun child process)", () => {
  it("answers the upgrade with the core's subprotocol (not Bun's echo of the first offer) and the extra headers, once each", () => {
    const lines = headerLines(checks.response101);
    expect(checks.response101.startsWith("HTTP/1.1 101")).toBe(true);
    expect(lines.filter(([n]) => n === "sec-websocket-protocol")).toEqual([["sec-websocket-protocol", "beta"]]);
    expect(lines.filter(([n]) => n === "x-wsmp-server")).toEqual([["x-wsmp-server", "bun"]]);
    expect(lines.some(([n]) => n === "sec-websocket-extensions")).toBe(false);
  });

  it("refuses an upgrade with no common subprotocol without a 101", () => {
    expect(checks.rejected.response).toMatch(/^HTTP\/1\.1 400/);
    expect(checks.rejected.peers).toBe(0);
  });

  it("answers a plain HTTP request with 426 and admits no peer", () => {
    expect(checks.plainHttp.response).toMatch(/^HTTP\/1\.1 426/);
    expect(checks.plainHttp.peers).toBe(0);
  });

  it('binds "*" on both IPv4 and IPv6 loopback', () => {
    expect(checks.bindStar).toEqual({ v4: true, v6: true });
  });

  it("reports a port in use as WSMP_ERR_TRANSPORT with Godot's ERR_ALREADY_IN_USE (22)", () => {
    expect(checks.portInUse).toEqual({ listened: false, code: "WSMP_ERR_TRANSPORT", godotError: 22 });
  });

  it("runs Godot 3's WebSocketServer / WebSocketClient with the multiplayer header, relaying client to client", () => {
    expect(checks.godot3.listenError).toBe(0);
    expect(checks.godot3.connectErrors).toEqual([0, 0]);
    expect(checks.godot3.distinct).toBe(true);
    expect(checks.godot3.relayed.bytes).toEqual([7, 7]);
    expect(checks.godot3.fromA).toBe(true);
  });
});
