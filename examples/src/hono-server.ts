// One port for a hono application on Node and many Godot sessions: hono answers its routes,
// upgrades below /play are wsmp's, and the path names the session (ws://localhost:8080/play/match-42;
// /play alone joins "lobby"). Run: node dist/hono-server.js
import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import { attachSessionServer } from "@wsmp/adapter-node";
import { drainServer } from "@wsmp/cli";
import { Hono } from "hono";

const app = new Hono();
const http = serve({ fetch: app.fetch, port: Number(process.env["PORT"] ?? 8080), hostname: "127.0.0.1" }, (info) => {
  console.log(`listening on http://127.0.0.1:${info.port} (Godot: ws://127.0.0.1:${info.port}/play/<session>)`);
}) as Server;
const sessions = attachSessionServer(http, { prefix: "/play", scene: true, defaultSession: "lobby" });

app.get("/", (c) => c.text("the game's web page"));
app.get("/sessions", (c) => c.json(sessions.listSessions()));
process.once("SIGTERM", () => void drainServer(sessions).then(() => http.close()));
