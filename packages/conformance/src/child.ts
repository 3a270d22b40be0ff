import type { ClientHandle, Harness, ServerHandle } from "./harness.js";
import { READY_ID, RPC_PREFIX, type RpcRequest, type RpcResponse } from "./rpc.js";

/** Methods a parent may call on a handle; anything else is refused. */
const SERVER_METHODS = new Set(["put", "putMany", "receive", "availablePackets", "events", "peers", "peer", "disconnectPeer", "setRefuseNewConnections", "refusals", "close"]);
const CLIENT_METHODS = new Set(["connect", "put", "putMany", "receive", "availablePackets", "events", "state", "disconnect", "terminate", "close"]);

interface Stdio {
  readonly stdin: { setEncoding(e: "utf8"): void; on(event: "data", fn: (chunk: string) => void): void; on(event: "end", fn: () => void): void };
  readonly stdout: { write(text: string): boolean };
  exit(code: number): void;
}

/**
 * Serves `harness` to a parent process over stdin/stdout (see `createProcessHarness`). Run it
 * in the child's entry file with the runtime's own adapter, e.g. under Bun:
 *
 *   import * as adapter from "@wsmp/adapter-bun";
 *   serveOverStdio(createInProcessHarness({ name: "bun", adapter }));
 *
 * The child exits when stdin closes, so it never outlives its parent.
 */
export function serveOverStdio(harness: Harness, stdio: Stdio = (globalThis as unknown as { process: Stdio }).process): void {
  const handles = new Map<number, { kind: "server"; handle: ServerHandle } | { kind: "client"; handle: ClientHandle }>();
  let nextHandle = 1;
  const send = (response: RpcResponse): void => {
    stdio.stdout.write(`${RPC_PREFIX}${JSON.stringify(response)}\n`);
  };
  const handle = async (request: RpcRequest): Promise<unknown> => {
    switch (request.op) {
      case "startServer": {
        const server = await harness.startServer(request.args[0] as never);
        const id = nextHandle++;
        handles.set(id, { kind: "server", handle: server });
        return { handle: id, port: server.port };
      }
      case "startClient": {
        const client = await harness.startClient(request.args[0], request.args[1] as never);
        const id = nextHandle++;
        handles.set(id, { kind: "client", handle: client });
        return { handle: id };
      }
      case "call": {
        const [id, method, ...rest] = request.args;
        const entry = handles.get(id);
        if (!entry) throw new Error(`no handle ${id}`);
        const allowed = entry.kind === "server" ? SERVER_METHODS : CLIENT_METHODS;
        if (!allowed.has(method)) throw new Error(`${entry.kind} handles have no method "${method}"`);
        const fn = (entry.handle as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!;
        // JSON turns an omitted argument into null: give the handle undefined back.
        return (await fn.apply(entry.handle, rest.map((a) => (a === null ? undefined : a)))) ?? null;
      }
      case "teardown":
        // Handles stay callable after teardown (their peers are closed): the suite may close them again.
        await harness.teardown();
        return null;
      case "openHandles":
        return harness.openHandles ? await harness.openHandles() : -1;
      case "exit":
        await harness.teardown();
        await harness.dispose?.();
        setTimeout(() => stdio.exit(0), 10);
        return null;
    }
  };
  let buffer = "";
  stdio.stdin.setEncoding("utf8");
  stdio.stdin.on("data", (chunk) => {
    buffer += chunk;
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (!line) continue;
      let request: RpcRequest;
      try {
        request = JSON.parse(line) as RpcRequest;
      } catch {
        continue;
      }
      handle(request).then(
        (value) => send({ id: request.id, ok: true, value }),
        (error: unknown) => send({ id: request.id, ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }),
      );
    }
  });
  stdio.stdin.on("end", () => {
    void Promise.resolve(harness.teardown()).finally(() => stdio.exit(0));
  });
  send({ id: READY_ID, ok: true, value: { name: harness.name, capabilities: harness.capabilities } });
}
