import type { ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { forkTracked, stopChild } from "../process/children.js";
import type { LoadCommand, LoadReply } from "../loadgen/protocol.js";

const LOADGEN = join(dirname(fileURLToPath(import.meta.url)), "..", "loadgen", "main.js");

/** The runner's side of the load-generator process: one request at a time. */
export interface Loadgen {
  readonly pid: number;
  request<T>(command: LoadCommand): Promise<T>;
  stop(): Promise<void>;
}

export function startLoadgen(): Loadgen {
  const child: ChildProcess = forkTracked(LOADGEN, []);
  let chain: Promise<unknown> = Promise.resolve();
  const once = <T>(command: LoadCommand): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const onExit = (): void => reject(new Error(`the load generator exited during "${command.cmd}"`));
      child.once("exit", onExit);
      child.once("message", (reply: LoadReply) => {
        child.off("exit", onExit);
        if (reply.ok) resolve(reply.result as T);
        else reject(new Error(`load generator: ${reply.error}`));
      });
      child.send(command);
    });
  return {
    pid: child.pid ?? 0,
    request<T>(command: LoadCommand): Promise<T> {
      const result = chain.then(() => once<T>(command));
      chain = result.catch(() => undefined);
      return result;
    },
    async stop() {
      if (child.connected) child.disconnect();
      await stopChild(child, 2000);
    },
  };
}
