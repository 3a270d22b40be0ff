// One port for an express application and a Godot 4 relay: the page and the JSON route are
// express's, upgrade requests to /game are wsmp's. A Godot 4 game joins with
// create_client("ws://localhost:8080/game"). Run: node dist/express-server.js
import { createServer } from "node:http";
import { attachServer } from "@wsmp/adapter-node";
import { drainServer } from "@wsmp/cli";
import express from "express";

const app = express();
const http = createServer(app);
const game = attachServer(http, { path: "/game", scene: true, maxPeers: 32 });

app.get("/", (_req, res) => void res.send("the game's web page"));
app.get("/players", (_req, res) => void res.json({ players: game.peers }));
game.on("peer_connected", (id) => console.log(`peer ${id} joined`));

http.listen(Number(process.env["PORT"] ?? 8080), "127.0.0.1", () => {
  const { port } = http.address() as { port: number };
  console.log(`listening on http://127.0.0.1:${port} (Godot: ws://127.0.0.1:${port}/game)`);
});
// Peers get 1001 "server shutting down", then the HTTP server stops.
process.once("SIGTERM", () => void drainServer(game).then(() => http.close()));
