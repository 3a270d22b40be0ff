import type { SessionServer, SessionServerOptions } from "@wsmp/core";
import type { HttpRequest, HttpResponse } from "./http-routes.js";

/** Answers one plain HTTP request. */
export type HttpHandler = (request: HttpRequest) => Promise<HttpResponse>;

/**
 * How the playground gets a wsmp server of sessions from a runtime's adapter: the same
 * `createSessionServer` arguments plus a handler for the plain HTTP requests on the same port.
 */
export interface RuntimeHost {
  readonly name: "node" | "bun";
  createSessionServer(port: number, bindAddress: string, options: SessionServerOptions, http: HttpHandler): SessionServer;
}
