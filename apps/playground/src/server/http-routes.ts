import { readFile } from "node:fs/promises";
import { extname, join } from "node:path";

/** A plain HTTP request, whatever runtime received it. */
export interface HttpRequest {
  readonly method: string;
  /** Path and query, as in the request line. */
  readonly url: string;
  readonly remoteAddress: string;
  /** A request header by lower-case name. */
  readonly header: (name: string) => string | undefined;
  /** The body as text (admin calls only send small JSON bodies). */
  readonly body: () => Promise<string>;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Uint8Array;
}

/** What the admin endpoints need from the running server. */
export interface AdminApi {
  state(): unknown;
  /** Closes one peer of a session (the default one when omitted); false when there is no such peer. Throws on a bad code or reason. */
  disconnect(id: number, code: number, reason: string, session?: string): boolean;
}

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".png": "image/png",
};

/** Files of the built page that may be served, by URL path. The app itself decides between `/` and `/server`. */
const PAGES = new Set(["/", "/index.html", "/server"]);
const ASSETS = new Set(["/app.js", "/app.js.map", "/style.css"]);

/** True for 127.0.0.0/8, ::1 and their IPv4-mapped forms. */
export function isLoopback(address: string): boolean {
  const plain = address.startsWith("::ffff:") ? address.slice(7) : address;
  return plain === "::1" || /^127\.\d+\.\d+\.\d+$/.test(plain);
}

/** True when the request carries no Origin (not from a page) or one whose host is this server's. */
function sameOrigin(request: HttpRequest): boolean {
  const origin = request.header("origin");
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.header("host");
  } catch {
    return false;
  }
}

function json(status: number, value: unknown): HttpResponse {
  return { status, headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" }, body: JSON.stringify(value) };
}

function text(status: number, message: string): HttpResponse {
  return { status, headers: { "content-type": "text/plain; charset=utf-8" }, body: `${message}\n` };
}

interface DisconnectBody {
  readonly id?: unknown;
  readonly code?: unknown;
  readonly reason?: unknown;
  readonly session?: unknown;
}

/**
 * The playground's HTTP side: the page and its assets, `/info` for the page's defaults,
 * `/sessions` for its list of sessions, and the
 * admin API (`/admin/state`, `/admin/disconnect`), which answers only to loopback addresses so
 * a server listening on every interface cannot be driven from elsewhere.
 */
export function createHttpRoutes(webRoot: string, info: () => unknown, admin: AdminApi, sessions: () => unknown = () => []): (request: HttpRequest) => Promise<HttpResponse> {
  const cache = new Map<string, Uint8Array>();
  const load = async (name: string): Promise<Uint8Array | undefined> => {
    const hit = cache.get(name);
    if (hit) return hit;
    try {
      const bytes = new Uint8Array(await readFile(join(webRoot, name)));
      cache.set(name, bytes);
      return bytes;
    } catch {
      return undefined;
    }
  };

  return async (request) => {
    const path = new URL(request.url, "http://playground.invalid").pathname;
    if (path.startsWith("/admin/")) {
      if (!isLoopback(request.remoteAddress)) return text(403, "the admin API answers only on loopback");
      if (path === "/admin/state" && request.method === "GET") return json(200, admin.state());
      if (path === "/admin/disconnect" && request.method === "POST") {
        // A page on another origin may not drive this API: a JSON body needs a CORS preflight
        // (which is not answered), and a browser's Origin must be this server.
        if (!(request.header("content-type") ?? "").toLowerCase().startsWith("application/json")) {
          return json(415, { error: "send the body as application/json" });
        }
        if (!sameOrigin(request)) return json(403, { error: "cross-origin admin calls are refused" });
        let body: DisconnectBody;
        try {
          body = JSON.parse(await request.body()) as DisconnectBody;
        } catch {
          return json(400, { error: "expected a JSON body {id, code, reason}" });
        }
        const id = Number(body.id);
        const code = body.code === undefined ? 1000 : Number(body.code);
        const reason = typeof body.reason === "string" ? body.reason : "";
        try {
          const session = typeof body.session === "string" ? body.session : undefined;
          return admin.disconnect(id, code, reason, session) ? json(200, { ok: true }) : json(404, { error: `no peer ${String(body.id)}` });
        } catch (error) {
          return json(400, { error: error instanceof Error ? error.message : String(error) });
        }
      }
      return text(404, "unknown admin call");
    }
    if (request.method !== "GET" && request.method !== "HEAD") return text(405, "method not allowed");
    if (path === "/info") return json(200, info());
    if (path === "/sessions") return json(200, sessions());
    const file = PAGES.has(path) ? "index.html" : ASSETS.has(path) ? path.slice(1) : undefined;
    if (file === undefined) return text(404, "not found");
    const bytes = await load(file);
    if (!bytes) return text(500, `the page is not built: run the playground's build (missing ${file})`);
    return { status: 200, headers: { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-cache" }, body: bytes };
  };
}
