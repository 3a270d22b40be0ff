// One port for a fastify application and a Godot 3 relay: fastify answers its routes, wsmp takes
// the upgrade requests to /godot3 on fastify's own HTTP server. A Godot 3 game joins with
// WebSocketClient.connect_to_url("ws://localhost:8080/godot3", [], true). Run: node dist/fastify-server.js
import { attachServer } from "@wsmp/adapter-node";
import { drainServer } from "@wsmp/cli";
import Fastify from "fastify";

const app = Fastify();
const game = attachServer(app.server, { path: "/godot3", dialect: "godot3" });

app.get("/", async () => "the game's web page");
app.get("/players", async () => ({ players: game.peers }));

const address = await app.listen({ port: Number(process.env["PORT"] ?? 8080), host: "127.0.0.1" });
console.log(`listening on ${address} (Godot 3: ${address.replace("http", "ws")}/godot3)`);
process.once("SIGTERM", () => void drainServer(game).then(() => app.close()));
