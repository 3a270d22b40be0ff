// One Bun.serve for a web application and a Godot 4 relay: the route "/game" hands its requests
// to wsmp, whose websocket handlers the server uses; every other route stays the application's.
// A Godot 4 game joins with create_client("ws://localhost:8080/game"). Run: bun src/bun-server.ts
import { createBunRoute } from "@wsmp/adapter-bun";
import { drainServer } from "@wsmp/cli";

const game = createBunRoute({ scene: true, maxPeers: 32 });
game.server.on("peer_connected", (id) => console.log(`peer ${id} joined`));

const server = Bun.serve({
  port: Number(process.env["PORT"] ?? 8080),
  hostname: "127.0.0.1",
  routes: {
    "/": new Response("the game's web page"),
    "/players": () => Response.json({ players: game.server.peers }),
    // After an upgrade wsmp's fetch returns nothing: Bun has taken the connection.
    "/game": (req, srv) => game.fetch(req, srv) as Response | Promise<Response>,
  },
  fetch: () => new Response("not found", { status: 404 }),
  websocket: game.websocket,
});
console.log(`listening on http://127.0.0.1:${server.port} (Godot: ws://127.0.0.1:${server.port}/game)`);
process.once("SIGTERM", () => void drainServer(game.server).then(() => server.stop()));
