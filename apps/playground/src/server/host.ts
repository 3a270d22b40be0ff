import type { MultiplayerServer, ServerOptions } from "@wsmp/core";
import type { HttpRequest, HttpResponse } from "./http-routes.js";

/** Answers one plain HTTP request. */
export type HttpHandler = (request: HttpRequest) => Promise<HttpResponse>;

/**
 * How the playground gets a wsmp server from a runtime's adapter: the same `createServer`
 * arguments plus a handler for the plain HTTP requests that arrive on the same port.
 */
export interface RuntimeHost {
  readonly name: "node" | "bun";
  createServer(port: number, bindAddress: string, options: ServerOptions, http: HttpHandler): MultiplayerServer;
}
