import type { RuntimeHost } from "./host.js";

export const bunHost: RuntimeHost = {
  name: "bun",
  createServer() {
    throw new Error("the Bun runtime is not available yet");
  },
};
