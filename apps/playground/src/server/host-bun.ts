import { bunRuntime, createBunServerTransport } from "@wsmp/adapter-bun";
import { startSessionServer } from "@wsmp/core/adapter";
import type { HttpHandler, RuntimeHost } from "./host.js";

async function serve(handler: HttpHandler, request: Request, remoteAddress: string): Promise<Response> {
  const url = new URL(request.url);
  try {
    const answer = await handler({
      method: request.method,
      url: `${url.pathname}${url.search}`,
      remoteAddress,
      header: (name) => request.headers.get(name) ?? undefined,
      body: () => request.text(),
    });
    const body = request.method === "HEAD" ? null : typeof answer.body === "string" ? answer.body : new Uint8Array(answer.body);
    return new Response(body, { status: answer.status, headers: answer.headers });
  } catch (error) {
    return new Response(`${error instanceof Error ? error.message : String(error)}\n`, { status: 500, headers: { "content-type": "text/plain" } });
  }
}

/** The Bun adapter, with plain HTTP answered through its `onRequest` hook (Bun.serve's fetch). */
export const bunHost: RuntimeHost = {
  name: "bun",
  createSessionServer(port, bindAddress, options, http) {
    const transport = createBunServerTransport({ onRequest: (request, client) => serve(http, request, client.remoteAddress) });
    return startSessionServer(transport, bunRuntime, port, bindAddress, undefined, options);
  },
};
