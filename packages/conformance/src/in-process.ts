import type { ClientOptions, MultiplayerClient, MultiplayerServer, PeerOptions, ServerOptions, TlsClientOptions, TlsServerOptions } from "@wsmp/core";
import type { ClientCapabilities, ServerCapabilities } from "@wsmp/core/adapter";
import { createClientHandle, createServerHandle } from "./handles.js";
import {
  type Capabilities,
  type ClientHandle,
  type ClientStartOptions,
  HARNESS_SPEC_VERSION,
  type Harness,
  type ServerHandle,
  type ServerStartOptions,
  type WirePeerOptions,
} from "./harness.js";

/** What every wsmp adapter module exports: Godot's two factories and what its transports can do. */
export interface AdapterModule {
  createServer(port: number, bindAddress?: string, tls?: TlsServerOptions, options?: ServerOptions): MultiplayerServer;
  createClient(url: string, tls?: TlsClientOptions, options?: ClientOptions): MultiplayerClient;
  readonly capabilities: { readonly server: ServerCapabilities | undefined; readonly client: ClientCapabilities };
}

/**
 * The suite's capability flags for a harness that runs `adapter`'s servers and clients, read from
 * the adapter's own declaration. A flag that concerns both sides holds only when both have it.
 * `realSockets` is the harness's to say (an in-memory network has none).
 */
export function adapterCapabilities(adapter: Pick<AdapterModule, "capabilities">, realSockets = true): Capabilities {
  const { server, client } = adapter.capabilities;
  return {
    listen: server !== undefined,
    connect: true,
    realSockets,
    acceptHook: server?.acceptHook ?? false,
    customHeaders: client.customHeaders,
    tls: (server?.tls ?? true) && client.tlsOptions,
    abruptClose: client.abruptClose,
    outboundMessageCount: (server?.outboundMessageCount ?? true) && client.outboundMessageCount,
    responseHeaders: client.responseHeaders,
    protocolCloseCodes: client.protocolCloseCodes,
  };
}

export interface InProcessHarnessOptions {
  readonly name: string;
  readonly adapter: AdapterModule;
  /** Overrides of what `adapterCapabilities(adapter)` reads from the adapter. */
  readonly capabilities?: Partial<Capabilities>;
  /** Counts sockets and servers still open, for the leak check (`Harness.openHandles`). */
  readonly openHandles?: () => number;
}

export function toPeerOptions(options: WirePeerOptions | undefined): Partial<PeerOptions> {
  return options ? { ...options } : {};
}

/** Peer options, server limits and the canned `admit` hook of `ServerStartOptions`. */
export function serverOptions(options: ServerStartOptions): ServerOptions {
  const token = options.admitToken;
  return {
    ...toPeerOptions(options.options),
    ...options.limits,
    ...(options.dialect ? { dialect: options.dialect } : {}),
    ...(options.scene ? { scene: true } : {}),
    ...(token === undefined
      ? {}
      : { admit: async (request: { readonly headers: Readonly<Record<string, string>> }) => (request.headers["x-token"] === token ? true : { status: 401, reason: "bad token" }) }),
  };
}

/** Peer options, dialect and scene choice of `ClientStartOptions`. */
export function clientOptions(options: ClientStartOptions): ClientOptions {
  return { ...toPeerOptions(options.options), ...(options.dialect ? { dialect: options.dialect } : {}), ...(options.scene ? { scene: true } : {}) };
}

export function toServerTls(tls: ServerStartOptions["tls"]): TlsServerOptions | undefined {
  return tls ? { kind: "server", key: tls.key, certificate: tls.certificate } : undefined;
}

export function toClientTls(tls: ClientStartOptions["tls"]): TlsClientOptions | undefined {
  return tls ? { kind: "client", trustedCa: tls.trustedCa, commonNameOverride: tls.commonNameOverride, unsafe: tls.unsafe } : undefined;
}

/**
 * A harness running servers and clients of `adapter` in this process. Use it for any adapter
 * whose runtime is the one the tests run in (Node under vitest, Bun under `bun test`).
 */
export function createInProcessHarness(config: InProcessHarnessOptions): Harness {
  const live = new Set<{ close(): Promise<void> }>();
  const track = <T extends { close(): Promise<void> }>(handle: T): T => {
    live.add(handle);
    return handle;
  };
  return {
    specVersion: HARNESS_SPEC_VERSION,
    name: config.name,
    capabilities: { ...adapterCapabilities(config.adapter), ...config.capabilities },
    async startServer(options: ServerStartOptions = {}): Promise<ServerHandle> {
      const server = config.adapter.createServer(options.port ?? 0, options.bindAddress ?? "127.0.0.1", toServerTls(options.tls), serverOptions(options));
      for (const name of options.throwIn ?? []) {
        server.on(name as "peer_connected", () => {
          throw new Error(`simulated application fault in a "${name}" listener`);
        });
      }
      const closer = { close: () => server.close() };
      live.add(closer);
      const handle = await createServerHandle(server, { scene: options.scene === true });
      live.delete(closer);
      return track(handle);
    },
    async startClient(url: string, options: ClientStartOptions = {}): Promise<ClientHandle> {
      return track(createClientHandle(config.adapter.createClient(url, toClientTls(options.tls), clientOptions(options)), { scene: options.scene === true }));
    },
    async teardown() {
      const handles = [...live];
      live.clear();
      await Promise.all(handles.map((h) => h.close().catch(() => undefined)));
    },
    ...(config.openHandles ? { openHandles: async () => config.openHandles!() } : {}),
  };
}

/**
 * TCP servers, TCP sockets and TLS wraps Node reports as active (`process.getActiveResourcesInfo`), or
 * -1 when the runtime does not say.
 */
export function countNodeNetHandles(): number {
  const info = (globalThis as { process?: { getActiveResourcesInfo?: () => string[] } }).process?.getActiveResourcesInfo?.();
  if (!info) return -1;
  return info.filter((name) => name === "TCPServerWrap" || name === "TCPSocketWrap" || name === "TLSWrap").length;
}
