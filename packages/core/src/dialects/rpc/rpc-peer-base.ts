/**
 * What the Godot 3 and Godot 4 RPC layers share: the declared nodes, the cache ids this side
 * assigned, the per-sender path tables (bounded by `RPC_PATH_CACHE_LIMIT`), and `rpc_error`.
 */
import { GodotError } from "../../shared/constants.js";
import { ErrorCode, InvalidStateError, RpcError, WsmpError } from "../../shared/errors.js";
import type { GodotValue } from "../variant/godot-value.js";
import { compileNode } from "./node-spec.js";
import type { RpcControl } from "./rpc-control.js";
import { type DeclaredNode, rpcError, type RpcErrorEvent, RpcRegistry, type RpcSink } from "./rpc-registry.js";
import type { NodeDeclaration } from "./rpc-types.js";

/** Node-path cache ids one peer may register with us; SIMPLIFY_PATH past it is refused (RPC_CACHE). */
export const RPC_PATH_CACHE_LIMIT = 16384;

/** What a dialect offers its RPC layer. */
export interface RpcPort {
  ownId(): number;
  connected(): boolean;
  /** The peers a broadcast reaches, in Godot's order. */
  peers(): Iterable<number>;
  hasPeer(id: number): boolean;
  /**
   * Godot 4: one SceneMultiplayer packet to peer `to` (> 0), wrapped for the relay when needed.
   * Godot 3: one MultiplayerAPI payload with header `to` (0 all, > 0 one, < 0 all but one).
   */
  send(to: number, packet: Uint8Array): void;
  signal(name: string, ...args: unknown[]): void;
}

export abstract class RpcPeerBase implements RpcControl {
  abstract readonly version: 3 | 4;
  protected readonly registry = new RpcRegistry();
  /** Our cache ids -> node. */
  protected readonly sent = new Map<number, DeclaredNode>();
  private nextCacheId = 1;
  /** Per sender: its cache id -> path. */
  protected readonly remote = new Map<number, Map<number, string>>();

  constructor(protected readonly port: RpcPort) {}

  declare(path: string, declaration: NodeDeclaration, sink: RpcSink): DeclaredNode {
    return this.registry.add(compileNode(path, declaration, this.version), sink);
  }

  remove(node: DeclaredNode): void {
    this.registry.remove(node);
    if (node.cacheId !== 0) this.sent.delete(node.cacheId);
  }

  abstract call(node: DeclaredNode, method: string, target: number, args: readonly GodotValue[]): void;
  abstract set(node: DeclaredNode, property: string, target: number, value: GodotValue): void;

  /** A peer left: its table and confirmations are forgotten. */
  peerLeft(id: number): void {
    this.remote.delete(id);
    for (const node of this.registry.values()) node.peers.delete(id);
  }

  /** The connection ended (client): every per-peer table is forgotten. */
  reset(): void {
    this.remote.clear();
    for (const node of this.registry.values()) node.peers.clear();
  }

  /**
   * The peers a call to `target` goes to (0 all, > 0 one, < 0 all but one; never this side).
   * Throws for a bad target, while not connected, and for a positive target that is not connected.
   */
  protected targetsOf(what: string, target: number): number[] {
    if (!Number.isInteger(target)) throw new RpcError(ErrorCode.RPC_ARGUMENTS, `${what}: the target must be an integer peer id, got ${String(target)}`);
    if (!this.port.connected()) throw new InvalidStateError(`${what}: not connected`);
    const own = this.port.ownId();
    if (target > 0) {
      if (target === own) return [];
      if (!this.port.hasPeer(target)) throw new WsmpError(ErrorCode.UNKNOWN_PEER, `${what}: no connected peer ${target}`, { godotError: GodotError.ERR_INVALID_PARAMETER });
      return [target];
    }
    const targets: number[] = [];
    for (const peer of this.port.peers()) if (peer !== -target) targets.push(peer);
    return targets;
  }

  /** The node's cache id, assigned at its first use. */
  protected cacheIdOf(node: DeclaredNode): number {
    if (node.cacheId === 0) {
      node.cacheId = this.nextCacheId++;
      this.sent.set(node.cacheId, node);
    }
    return node.cacheId;
  }

  /** Stores `from`'s id -> path. Godot 4 refuses a taken id (`replace` false), Godot 3 overwrites it. */
  protected register(from: number, id: number, path: string, replace: boolean): boolean {
    let table = this.remote.get(from);
    if (!table) this.remote.set(from, (table = new Map()));
    if (table.has(id) && !replace) return this.error({ code: ErrorCode.RPC_CACHE, from, path, message: `duplicate cache id ${id} from peer ${from} (it stays "${table.get(id)!}")` });
    if (!table.has(id) && table.size >= RPC_PATH_CACHE_LIMIT) return this.error({ code: ErrorCode.RPC_CACHE, from, path, message: `peer ${from} registered ${RPC_PATH_CACHE_LIMIT} paths already` });
    table.set(id, path);
    return true;
  }

  /** The path a call names: its own, or the one `from` registered under the id. */
  protected pathOf(from: number, node: { readonly kind: "id"; readonly id: number } | { readonly kind: "path"; readonly path: string }): string | undefined {
    if (node.kind === "path") return node.path;
    const path = this.remote.get(from)?.get(node.id);
    if (path === undefined) this.error({ code: ErrorCode.RPC_UNKNOWN_NODE, from, message: `cache id ${node.id} is not in the table of peer ${from}` });
    return path;
  }

  protected error(event: RpcErrorEvent): false {
    rpcError(this.port.signal, event);
    return false;
  }
}
