// The Node adapter's vitest project for Stryker (see rooted.ts): real sockets on loopback.
import project from "../../packages/adapter-node/vitest.config.ts";
import { rootedAt } from "./rooted.ts";

export default rootedAt("adapter-node", project);
