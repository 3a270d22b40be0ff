/**
 * What the API layer asks of a dialect's RPC layer (Godot 4's SceneMultiplayer or Godot 3's
 * MultiplayerAPI), and the argument checks both versions share.
 */
import { ErrorCode, RpcError } from "../../shared/errors.js";
import type { GodotValue } from "../variant/godot-value.js";
import type { MethodSpec } from "./node-spec.js";
import { incomingArg, outgoingArg } from "./rpc-arg-types.js";
import type { DeclaredNode, RpcSink } from "./rpc-registry.js";
import type { ArgType, NodeDeclaration } from "./rpc-types.js";

export interface RpcControl {
  /** 4: SceneMultiplayer (`@rpc`), 3: Godot 3's MultiplayerAPI (keywords, `rset`). */
  readonly version: 3 | 4;
  /** Checks a declaration and registers the node. Throws `InvalidArgumentError`. */
  declare(path: string, declaration: NodeDeclaration, sink: RpcSink): DeclaredNode;
  /** Forgets a node: calls for it are refused from now on. */
  remove(node: DeclaredNode): void;
  /** `rpc` (target 0) / `rpc_id`: throws `RpcError` or `InvalidStateError` when nothing can be sent. */
  call(node: DeclaredNode, method: string, target: number, args: readonly GodotValue[]): void;
  /** Godot 3 `rset` / `rset_id`. */
  set(node: DeclaredNode, property: string, target: number, value: GodotValue): void;
}

export interface HasRpc {
  readonly rpc: RpcControl;
}

export function hasRpc(dialect: object): dialect is HasRpc {
  return typeof (dialect as Partial<HasRpc>).rpc === "object";
}

/** The declared method `name`, or a thrown `RpcError`. */
export function methodOf(node: DeclaredNode, name: string): MethodSpec {
  if (node.removed) throw new RpcError(ErrorCode.RPC_UNKNOWN_NODE, `node "${node.spec.path}" was removed`);
  const method = node.spec.methods.get(name);
  if (!method) throw new RpcError(ErrorCode.RPC_UNKNOWN_METHOD, `node "${node.spec.path}" declares no RPC method "${String(name)}"`);
  return method;
}

/** Checks a call from this side against the declaration; returns the values to encode. */
export function outgoingArgs(node: DeclaredNode, method: MethodSpec, args: readonly GodotValue[]): GodotValue[] {
  const where = `${node.spec.path}::${method.name}`;
  const types = method.args;
  if (types && args.length !== types.length) {
    throw new RpcError(ErrorCode.RPC_ARGUMENTS, `${where} takes ${types.length} argument(s), called with ${args.length}`);
  }
  if (args.length > 255) throw new RpcError(ErrorCode.RPC_ARGUMENTS, `${where}: at most 255 arguments`);
  return args.map((arg, i) => checkedOut(where, types?.[i] ?? "Variant", arg, i));
}

export function checkedOut(where: string, type: ArgType, value: GodotValue, index: number): GodotValue {
  const out = outgoingArg(type, value);
  if (out === undefined) throw new RpcError(ErrorCode.RPC_ARGUMENTS, `${where}: argument ${index + 1} is not a ${type === "Variant" ? "Godot value" : type}`);
  return out;
}

/** Checks a call from a peer against the declaration: the values for the handler, or why they are refused. */
export function incomingArgs(method: MethodSpec, args: readonly GodotValue[]): GodotValue[] | string {
  const types = method.args;
  if (!types) return args as GodotValue[];
  if (args.length !== types.length) return `expected ${types.length} argument(s), called with ${args.length}`;
  const out: GodotValue[] = [];
  for (let i = 0; i < types.length; i++) {
    const value = incomingArg(types[i]!, args[i]!);
    if (value === undefined) return `cannot convert argument ${i + 1} to ${types[i]}`;
    out.push(value);
  }
  return out;
}
