import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readlinkSync } from "node:fs";
import { createInterface } from "node:readline";
import { type Capabilities, type ClientHandle, HARNESS_SPEC_VERSION, type Harness, type ServerHandle } from "./harness.js";
import { READY_ID, RPC_PREFIX, type RpcRequest, type RpcResponse } from "./rpc.js";

export interface ProcessHarnessOptions {
  readonly name: string;
  /** The executable, e.g. the path of `bun`. */
  readonly command: string;
  /** Arguments; the child must call `serveOverStdio` (from `@wsmp/conformance/child`). */
  readonly args: readonly string[];
  readonly capabilities: Capabilities;
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** How long one call may take before it fails (default 30 s). */
  readonly callTimeoutMs?: number;
  /** How long the child may take to start (default 30 s). */
  readonly startTimeoutMs?: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

const SERVER_METHODS = ["put", "putMany", "receive", "availablePackets", "events", "peers", "peer", "disconnectPeer", "setRefuseNewConnections", "refusals", "close"] as const;
const CLIENT_METHODS = ["connect", "put", "putMany", "receive", "availablePackets", "events", "state", "disconnect", "terminate", "close"] as const;

/**
 * A harness whose servers and clients live in a child process (another runtime: Bun, Deno...),
 * driven over stdin/stdout. The child is started by `setup` and killed by `dispose`.
 */
export function createProcessHarness(config: ProcessHarnessOptions): Harness {
  let child: ChildProcess | undefined;
  let ready: Promise<void> | undefined;
  let exited: Promise<void> = Promise.resolve();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let stderrTail = "";
  const onParentExit = (): void => {
    child?.kill("SIGKILL");
  };

  const failAll = (why: string): void => {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      p.reject(new Error(`${config.name} child: ${why}`));
      pending.delete(id);
    }
  };

  const start = (): Promise<void> => {
    ready ??= new Promise<void>((resolve, reject) => {
      const proc = spawn(config.command, [...config.args], { cwd: config.cwd, env: { ...process.env, ...config.env }, stdio: ["pipe", "pipe", "pipe"] });
      child = proc;
      process.once("exit", onParentExit);
      exited = new Promise((done) => proc.once("exit", () => done()));
      const timer = setTimeout(() => reject(new Error(`${config.name} child did not start within ${config.startTimeoutMs ?? 30_000} ms: ${stderrTail}`)), config.startTimeoutMs ?? 30_000);
      proc.stderr!.setEncoding("utf8");
      proc.stderr!.on("data", (chunk: string) => {
        stderrTail = (stderrTail + chunk).slice(-4000);
        if (process.env.WSMP_CONFORMANCE_DEBUG) process.stderr.write(chunk);
      });
      proc.once("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      proc.once("exit", (code, signal) => {
        clearTimeout(timer);
        process.off("exit", onParentExit);
        failAll(`exited (${code ?? signal}) ${stderrTail}`);
        reject(new Error(`${config.name} child exited (${code ?? signal}) before it was ready: ${stderrTail}`));
      });
      createInterface({ input: proc.stdout! }).on("line", (line) => {
        if (!line.startsWith(RPC_PREFIX)) return;
        const response = JSON.parse(line.slice(RPC_PREFIX.length)) as RpcResponse;
        if (response.id === READY_ID) {
          clearTimeout(timer);
          resolve();
          return;
        }
        const p = pending.get(response.id);
        if (!p) return;
        pending.delete(response.id);
        clearTimeout(p.timer);
        if (response.ok) p.resolve(response.value);
        else p.reject(new Error(`${config.name} child: ${response.error}`));
      });
    });
    return ready;
  };

  const call = async (op: RpcRequest["op"], ...args: unknown[]): Promise<unknown> => {
    await start();
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) throw new Error(`${config.name} child is not running`);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${config.name} child: ${op} ${JSON.stringify(args).slice(0, 200)} timed out`));
      }, config.callTimeoutMs ?? 30_000);
      pending.set(id, { resolve, reject, timer });
      proc.stdin!.write(`${JSON.stringify({ id, op, args })}\n`);
    });
  };

  const proxy = <T>(handle: number, methods: readonly string[], extra: object): T => {
    const out: Record<string, unknown> = { ...extra };
    for (const m of methods) {
      out[m] = async (...args: unknown[]) => {
        while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
        const value = await call("call", handle, m, ...args);
        return value === null && (m === "disconnect" || m === "terminate" || m === "close" || m === "setRefuseNewConnections") ? undefined : value;
      };
    }
    return out as T;
  };

  return {
    specVersion: HARNESS_SPEC_VERSION,
    name: config.name,
    capabilities: config.capabilities,
    setup: start,
    async startServer(options = {}) {
      const { handle, port } = (await call("startServer", options)) as { handle: number; port: number };
      return proxy<ServerHandle>(handle, SERVER_METHODS, { port });
    },
    async startClient(url, options = {}) {
      const { handle } = (await call("startClient", url, options)) as { handle: number };
      return proxy<ClientHandle>(handle, CLIENT_METHODS, {});
    },
    async teardown() {
      if (!child || child.exitCode !== null) return;
      await call("teardown");
    },
    async openHandles() {
      const own = (await call("openHandles")) as number;
      return own >= 0 ? own : countSocketDescriptors(child?.pid);
    },
    async dispose() {
      const proc = child;
      if (!proc) return;
      child = undefined;
      ready = undefined;
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.stdin!.write(`${JSON.stringify({ id: nextId++, op: "exit", args: [] })}\n`);
        const killer = setTimeout(() => proc.kill("SIGKILL"), 3000);
        await exited;
        clearTimeout(killer);
      }
      process.off("exit", onParentExit);
    },
  };
}

/**
 * Sockets a process holds open, from /proc (Linux), or -1 where that is not available. Used
 * when the child's runtime does not report its own handles (Bun's getActiveResourcesInfo is empty).
 */
function countSocketDescriptors(pid: number | undefined): number {
  if (pid === undefined) return -1;
  try {
    const dir = `/proc/${pid}/fd`;
    return readdirSync(dir).filter((fd) => {
      try {
        return readlinkSync(`${dir}/${fd}`).startsWith("socket:");
      } catch {
        return false;
      }
    }).length;
  } catch {
    return -1;
  }
}
