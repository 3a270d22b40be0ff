import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpRoutes, type HttpRequest, isLoopback } from "../src/server/http-routes.js";

const JSON_POST = { "content-type": "application/json", host: "127.0.0.1:8080" };

function request(url: string, remoteAddress: string, method = "GET", body = "", headers: Record<string, string> = JSON_POST): HttpRequest {
  return { method, url, remoteAddress, header: (name) => headers[name], body: () => Promise.resolve(body) };
}

describe("http routes", () => {
  let root: string;
  const calls: [number, number, string][] = [];
  let routes: ReturnType<typeof createHttpRoutes>;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "wsmp-playground-web-"));
    await writeFile(join(root, "index.html"), "<!doctype html><title>x</title>");
    routes = createHttpRoutes(root, () => ({ dialect: "godot4" }), {
      state: () => ({ peers: [] }),
      disconnect(id, code, reason) {
        if (code < 1000) throw new Error("bad code");
        calls.push([id, code, reason]);
        return id === 7;
      },
    });
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("knows loopback addresses in every spelling", () => {
    for (const address of ["127.0.0.1", "127.3.2.1", "::1", "::ffff:127.0.0.1"]) expect(isLoopback(address)).toBe(true);
    for (const address of ["10.0.0.1", "::ffff:192.168.1.2", "fe80::1", "", "1127.0.0.1"]) expect(isLoopback(address)).toBe(false);
  });

  it("answers the admin API only on loopback", async () => {
    expect((await routes(request("/admin/state", "192.168.1.20"))).status).toBe(403);
    expect((await routes(request("/admin/disconnect", "::ffff:10.1.1.1", "POST", '{"id":7}'))).status).toBe(403);
    expect(calls).toEqual([]);
    const state = await routes(request("/admin/state", "::1"));
    expect(state.status).toBe(200);
    expect(JSON.parse(String(state.body))).toEqual({ peers: [] });
  });

  it("refuses admin calls a page on another origin could make", async () => {
    const plain = await routes(request("/admin/disconnect", "127.0.0.1", "POST", '{"id":7}', { "content-type": "text/plain" }));
    expect(plain.status).toBe(415);
    const foreign = await routes(request("/admin/disconnect", "127.0.0.1", "POST", '{"id":7}', { ...JSON_POST, origin: "http://evil.example" }));
    expect(foreign.status).toBe(403);
    expect(calls).toEqual([]);
    const own = await routes(request("/admin/disconnect", "127.0.0.1", "POST", '{"id":7}', { ...JSON_POST, origin: "http://127.0.0.1:8080" }));
    expect(own.status).toBe(200);
    calls.length = 0;
  });

  it("disconnects with the code and reason given, 1000 and empty by default", async () => {
    expect((await routes(request("/admin/disconnect", "127.0.0.1", "POST", '{"id":7,"code":4000,"reason":"x"}'))).status).toBe(200);
    expect((await routes(request("/admin/disconnect", "127.0.0.1", "POST", '{"id":7}'))).status).toBe(200);
    expect((await routes(request("/admin/disconnect", "127.0.0.1", "POST", '{"id":8}'))).status).toBe(404);
    expect((await routes(request("/admin/disconnect", "127.0.0.1", "POST", '{"id":7,"code":5}'))).status).toBe(400);
    expect(calls).toEqual([
      [7, 4000, "x"],
      [7, 1000, ""],
      [8, 1000, ""],
    ]);
  });

  it("serves the page for / and /server, and says when an asset was not built", async () => {
    expect((await routes(request("/server?x=1", "10.0.0.1"))).status).toBe(200);
    const missing = await routes(request("/app.js", "10.0.0.1"));
    expect(missing.status).toBe(500);
    expect(String(missing.body)).toContain("not built");
    expect((await routes(request("/../etc/passwd", "10.0.0.1"))).status).toBe(404);
    expect((await routes(request("/", "10.0.0.1", "DELETE"))).status).toBe(405);
  });
});
