/**
 * The nodes this side declared, by wire path, with what each needs at run time: where its calls
 * go (the sink the API layer installs), its authority, and its send-side path cache state.
 */
import type { ErrorCode } from "../../shared/errors.js";
import { InvalidArgumentError } from "../../shared/errors.js";
import type { GodotValue } from "../variant/godot-value.js";
import type { MethodSpec, NodeSpec, PropertySpec } from "./node-spec.js";
import { wirePath } from "./node-spec.js";

/** Where a declared node's incoming calls and sets go (its handlers). */
export interface RpcSink {
  call(method: MethodSpec, from: number, args: readonly GodotValue[]): void;
  set(property: PropertySpec, from: number, value: GodotValue): void;
}

/** What `rpc_error` carries: why a call, set or cache message from a peer was refused. */
export interface RpcErrorEvent {
  /** `WSMP_ERR_RPC_*` (docs/errors.md). */
  readonly code: ErrorCode;
  /** The peer that sent it. */
  readonly from: number;
  /** The node path, when the packet named a known one. */
  readonly path?: string | undefined;
  /** The method or property (its name, or `#id` for an unknown Godot 4 id). */
  readonly method?: string | undefined;
  readonly message: string;
}

/** The event names the RPC layer emits through the dialect's `signal`. */
export const RpcEventName = {
  ERROR: "rpc_error",
} as const;

/** One declared node. `peers` is the send-side path cache: which peers got SIMPLIFY, which confirmed. */
export class DeclaredNode {
  /** Our cache id for this node (0 until its first use). */
  cacheId = 0;
  readonly peers = new Map<number, "sent" | "confirmed">();
  authority: number;
  removed = false;

  constructor(
    readonly spec: NodeSpec,
    readonly sink: RpcSink,
  ) {
    this.authority = spec.authority;
  }
}

export class RpcRegistry {
  private readonly nodes = new Map<string, DeclaredNode>();

  add(spec: NodeSpec, sink: RpcSink): DeclaredNode {
    if (this.nodes.has(spec.path)) throw new InvalidArgumentError(`node "${spec.path}" is already declared (remove() it first)`);
    const node = new DeclaredNode(spec, sink);
    this.nodes.set(spec.path, node);
    return node;
  }

  remove(node: DeclaredNode): void {
    if (this.nodes.get(node.spec.path) === node) this.nodes.delete(node.spec.path);
    node.removed = true;
  }

  /** The declared node at a path as a peer sent it (relative, or absolute under /root). */
  find(path: string): DeclaredNode | undefined {
    const relative = wirePath(path);
    return relative === undefined ? undefined : this.nodes.get(relative);
  }

  get size(): number {
    return this.nodes.size;
  }

  values(): IterableIterator<DeclaredNode> {
    return this.nodes.values();
  }
}

/** Emits `rpc_error`. */
export function rpcError(signal: (name: string, ...args: unknown[]) => void, event: RpcErrorEvent): void {
  signal(RpcEventName.ERROR, event);
}
