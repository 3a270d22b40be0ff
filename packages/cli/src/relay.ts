import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import type { MultiplayerServer, SessionServer } from "@wsmp/core";
import { formatLogRecord, type LogFormat } from "@wsmp/core";
import { createMetrics, type WsmpMetrics } from "./metrics.js";
import type { OptionValues } from "./parse-options.js";
import { relayRaw } from "./raw-relay.js";
import { relayAdmission, serverOptionsOf, tlsOf, tokenOf } from "./server-options.js";
import { type DrainResult, drainServer } from "./shutdown.js";

/** Where the relay writes its lines. */
export interface RelayOutput {
  /** One event or status line (stdout in the CLI). */
  line(text: string): void;
}

export interface RunningRelay {
  /** The WebSocket URL clients on this machine use. */
  readonly url: string;
  readonly port: number;
  readonly server: MultiplayerServer | SessionServer;
  /** `http://host:port` of /metrics and /healthz, when `--metrics-port` is given. */
  readonly metricsUrl: string | undefined;
  /** Refuses new peers, closes every peer with 1001, waits up to `--shutdown-timeout`, closes the server and the metrics port. */
  shutdown(): Promise<DrainResult>;
}

type Adapter = Pick<typeof import("@wsmp/adapter-node"), "createServer" | "createSessionServer">;

async function loadAdapter(runtime: string): Promise<Adapter> {
  return runtime === "bun" ? import("@wsmp/adapter-bun") : import("@wsmp/adapter-node");
}

const ANY = new Set(["*", "0.0.0.0", "::"]);
const hostOf = (bind: string): string => (ANY.has(bind) ? "127.0.0.1" : bind.includes(":") ? `[${bind}]` : bind);

function listenHttp(server: HttpServer, port: number, bind: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    const done = (): void => {
      server.off("error", reject);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    };
    if (bind === "*") server.listen(port, done);
    else server.listen(port, bind, done);
  });
}

/** The metrics and health endpoint: GET /metrics (Prometheus text), GET /healthz (200 while serving, 503 while shutting down). */
function opsServer(metrics: WsmpMetrics, health: () => { readonly ok: boolean; readonly [field: string]: unknown }): HttpServer {
  return createHttpServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { "content-type": "text/plain" }).end("method not allowed\n");
    } else if (path === "/metrics") {
      metrics.text().then(
        (body) => res.writeHead(200, { "content-type": metrics.contentType }).end(body),
        (error: unknown) => res.writeHead(500, { "content-type": "text/plain" }).end(`${String(error)}\n`),
      );
    } else if (path === "/healthz") {
      const state = health();
      res.writeHead(state.ok ? 200 : 503, { "content-type": "application/json" }).end(`${JSON.stringify(state)}\n`);
    } else res.writeHead(404, { "content-type": "text/plain" }).end("not found: try /metrics or /healthz\n");
  });
}

function describe(values: OptionValues, token: boolean): string {
  const dialect = (values["dialect"] as string | undefined) ?? "godot4";
  const relay = values["relay"] as string;
  const parts = [values["runtime"] as string, dialect === "godot4" && relay !== "off" ? `godot4 + SceneMultiplayer relay (${relay})` : dialect];
  if (dialect === "raw" && relay !== "off") parts.push("messages passed to every other peer");
  if (values["sessions"] === true) parts.push("sessions by path");
  if (token) parts.push("token required");
  return parts.join(", ");
}

/**
 * Starts the relay the settings describe (the values `parseOptions(RELAY_OPTIONS, ...)` gives):
 * a server, or a server of sessions, on the adapter of `runtime` (which must be the runtime
 * this process runs on), with TLS, the token check, one line per event on `output`, and the
 * metrics port. Rejects when the port cannot be bound or the TLS files are unusable.
 */
export async function startRelay(values: OptionValues, output: RelayOutput): Promise<RunningRelay> {
  const adapter = await loadAdapter(values["runtime"] as string);
  const tls = tlsOf(values);
  const token = tokenOf(values);
  let draining = false;
  const format = values["logFormat"] as LogFormat;
  const options = {
    ...serverOptionsOf(values),
    admit: relayAdmission(token, () => draining),
    log: values["quiet"] === true ? false : (record: Parameters<typeof formatLogRecord>[0]) => output.line(formatLogRecord(record, format, new Date().toISOString())),
  };
  const port = values["port"] as number;
  const bind = values["bind"] as string;
  const server: MultiplayerServer | SessionServer =
    values["sessions"] === true ? adapter.createSessionServer(port, bind, tls, options) : adapter.createServer(port, bind, tls, options);
  // A failed bind also reaches `error`; the rejected listen() below reports it.
  if ("listSessions" in server) server.on("error", () => undefined);
  else server.on("error", () => undefined);
  const stopRaw = relayRaw(server, values);
  if ("listSessions" in server) {
    const fixed = new Set([...((values["session"] as readonly string[] | undefined) ?? []), ...(values["createSessions"] === "application" ? [options.defaultSession!] : [])]);
    for (const name of fixed) server.createSession(name, { emptyTimeout: 0 });
  }
  const address = await server.listen();
  const url = `${tls ? "wss" : "ws"}://${hostOf(bind)}:${address.port}`;
  output.line(`wsmp relay listening on ${url}${ANY.has(bind) ? " (every interface)" : ""}: ${describe(values, token !== undefined)}`);

  let ops: HttpServer | undefined;
  let metricsUrl: string | undefined;
  if (values["metricsPort"] !== undefined) {
    const metrics = createMetrics();
    metrics.watch(server);
    const peers = (): number => ("listSessions" in server ? server.sessions.reduce((n, s) => n + s.peers.length, 0) : server.peers.length);
    ops = opsServer(metrics, () => (draining ? { ok: false, status: "draining" } : { ok: true, status: "serving", peers: peers() }));
    const metricsBind = (values["metricsBind"] as string | undefined) ?? bind;
    try {
      const opsPort = await listenHttp(ops, values["metricsPort"] as number, metricsBind);
      metricsUrl = `http://${hostOf(metricsBind)}:${opsPort}`;
    } catch (error) {
      await server.close();
      throw new Error(`cannot listen for metrics on ${metricsBind}:${String(values["metricsPort"])}: ${(error as Error).message}`);
    }
    output.line(`wsmp metrics on ${metricsUrl}/metrics, health on ${metricsUrl}/healthz`);
  }

  let stopping: Promise<DrainResult> | undefined;
  return {
    url,
    port: address.port,
    server,
    metricsUrl,
    shutdown() {
      stopping ??= (async () => {
        draining = true;
        const result = await drainServer(server, { timeoutMs: (values["shutdownTimeout"] as number) * 1000 });
        stopRaw();
        if (ops) await new Promise<void>((resolve) => ops.close(() => resolve()));
        return result;
      })();
      return stopping;
    },
  };
}
