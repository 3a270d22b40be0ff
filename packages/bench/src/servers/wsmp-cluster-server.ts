import { createSessionServer } from "@wsmp/adapter-node";
import { createRedisCluster } from "@wsmp/cluster-redis";
import { announce, parseMode, serveControl } from "./control.js";

/**
 * One node of a wsmp cluster on Redis (BENCH_REDIS, node id BENCH_NODE), sessions of the godot3
 * dialect created on join: the core relays by itself, the application only drains what the
 * protocol also hands to the server. Usage: wsmp-cluster-server.js relay
 */
if (parseMode(process.argv[2]) !== "relay") throw new Error("the cluster server only relays");
const node = await createRedisCluster({ redis: process.env.BENCH_REDIS, nodeId: process.env.BENCH_NODE, log: () => undefined });
const server = createSessionServer(0, "127.0.0.1", undefined, { locate: node.locate, dialect: "godot3", emptyTimeout: 0 });
server.on("session_created", (session) => session.on("packet", () => undefined));
const address = await server.listen();
await node.join(server);
announce(address.port);
serveControl(() => node.close());
