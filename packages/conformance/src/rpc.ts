/** The line protocol between a process harness and its child. One JSON object per line. */

/** Every line the child writes for the parent starts with this, so stray output is ignored. */
export const RPC_PREFIX = "@@wsmp-rpc ";

export type RpcRequest =
  | { readonly id: number; readonly op: "startServer"; readonly args: readonly [options: unknown] }
  | { readonly id: number; readonly op: "startClient"; readonly args: readonly [url: string, options: unknown] }
  | { readonly id: number; readonly op: "call"; readonly args: readonly [handle: number, method: string, ...rest: unknown[]] }
  | { readonly id: number; readonly op: "teardown" | "openHandles" | "exit"; readonly args: readonly [] };

export type RpcResponse = { readonly id: number; readonly ok: true; readonly value: unknown } | { readonly id: number; readonly ok: false; readonly error: string };

/** Id of the unsolicited line the child writes once it is ready. */
export const READY_ID = 0;
