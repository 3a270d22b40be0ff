/**
 * Godot 4 SceneMultiplayer's RPC layer for one wsmp peer (server or client): the receiver's
 * per-sender path tables, the sender's path cache, calls in and out (docs/godot-rpc-wire.md).
 *
 * Rules:
 * 1. SIMPLIFY_PATH from S: its (S, id) -> path mapping is stored (also for undeclared paths, so
 *    replication packets can name their spawner), unless the id is already taken (`rpc_error`
 *    RPC_CACHE, the first mapping stays) or S filled `RPC_PATH_CACHE_LIMIT` ids. For a declared
 *    node S gets CONFIRM_PATH, ok = the checksums are equal; a mismatch is also an `rpc_error`
 *    (RPC_CHECKSUM) and the id stays registered, as Godot does.
 * 2. REMOTE_CALL from S: the node comes from the path form, or from S's table; the method from the
 *    node's id list; the mode is checked (`authority`: S must be the node's authority), then the
 *    arguments against the declaration; only then the handler runs. Each refusal is an `rpc_error`.
 * 3. CONFIRM_PATH from S for a node we simplified to S: S switches to compact ids (also with ok = 0,
 *    which is an RPC_CHECKSUM `rpc_error`). For an id we never assigned: ignored; for a node we
 *    never simplified to S: RPC_CACHE.
 * 4. A call from here: one packet per target. The first use of a node towards a target sends
 *    SIMPLIFY_PATH and then the call in path form; a target that confirmed gets the compact id when
 *    every target of the call confirmed, else the plain id in 4 bytes; the others the path form.
 * 5. `receive` returns true when it consumed the packet (answered it, or it was for a declared node);
 *    the dialect reports the rest as `scene_packet`, as before.
 */
import { InvalidStateError, ErrorCode, RpcError, WsmpError } from "../../shared/errors.js";
import { GodotError } from "../../shared/constants.js";
import type { GodotValue } from "../variant/godot-value.js";
import { decodeConfirmPath, decodeRemoteCall4, decodeSimplifyPath, encodeConfirmPath, encodeRemoteCall4, encodeSimplifyPath, G4Command, type NodeField } from "./g4-rpc-codec.js";
import { compileNode, type MethodSpec } from "./node-spec.js";
import { incomingArgs, methodOf, outgoingArgs, type RpcControl } from "./rpc-control.js";
import { type DeclaredNode, rpcError, RpcRegistry, type RpcErrorEvent } from "./rpc-registry.js";
import { RpcMode } from "./rpc-types.js";
import { ReplicationWatch } from "./replication-watch.js";

/** Node-path cache ids one peer may register with us; SIMPLIFY_PATH past it is refused (RPC_CACHE). */
export const RPC_PATH_CACHE_LIMIT = 16384;

/** What the dialect offers the RPC layer. */
export interface RpcPort {
  ownId(): number;
  connected(): boolean;
  /** The peers a broadcast reaches, in order. */
  peers(): Iterable<number>;
  hasPeer(id: number): boolean;
  /** Sends one SceneMultiplayer packet to peer `to` (> 0); the dialect wraps it for the relay when needed. */
  send(to: number, packet: Uint8Array): void;
  signal(name: string, ...args: unknown[]): void;
}

export class Rpc4 implements RpcControl {
  readonly version = 4 as const;
  private readonly registry = new RpcRegistry();
  /** Our cache ids -> node. */
  private readonly sent = new Map<number, DeclaredNode>();
  private nextCacheId = 1;
  /** Per sender: its cache id -> path. */
  private readonly remote = new Map<number, Map<number, string>>();
  private readonly replication: ReplicationWatch;

  constructor(private readonly port: RpcPort) {
    this.replication = new ReplicationWatch(port.signal, (from, id) => this.remote.get(from)?.get(id));
  }

  declare(path: string, declaration: Parameters<RpcControl["declare"]>[1], sink: Parameters<RpcControl["declare"]>[2]): DeclaredNode {
    return this.registry.add(compileNode(path, declaration, 4), sink);
  }

  remove(node: DeclaredNode): void {
    this.registry.remove(node);
    if (node.cacheId !== 0) this.sent.delete(node.cacheId);
  }

  set(): void {
    throw new RpcError(ErrorCode.RPC_UNKNOWN_METHOD, "rset does not exist in Godot 4: use an RPC or a MultiplayerSynchronizer");
  }

  /** A peer left: its tables and confirmations are forgotten. */
  peerLeft(id: number): void {
    this.remote.delete(id);
    for (const node of this.registry.values()) node.peers.delete(id);
    this.replication.peerLeft(id);
  }

  /** The connection ended (client): every per-peer table is forgotten. */
  reset(): void {
    this.remote.clear();
    for (const node of this.registry.values()) node.peers.clear();
    this.replication.reset();
  }

  call(node: DeclaredNode, name: string, target: number, args: readonly GodotValue[]): void {
    const method = methodOf(node, name);
    const values = outgoingArgs(node, method, args);
    if (!Number.isInteger(target)) throw new RpcError(ErrorCode.RPC_ARGUMENTS, `target must be an integer peer id, got ${String(target)}`);
    if (!this.port.connected()) throw new InvalidStateError(`rpc ${node.spec.path}::${name}: not connected`);
    const own = this.port.ownId();
    if (target === own && !method.callLocal) {
      throw new RpcError(ErrorCode.RPC_NOT_ALLOWED, `rpc ${node.spec.path}::${name} on yourself is not allowed: the method is not callLocal`);
    }
    let targets: number[];
    if (target > 0) {
      if (target !== own && !this.port.hasPeer(target)) throw new WsmpError(ErrorCode.UNKNOWN_PEER, `rpc ${node.spec.path}::${name}: no connected peer ${target}`, { godotError: GodotError.ERR_INVALID_PARAMETER });
      targets = target === own ? [] : [target];
    } else {
      targets = [];
      for (const peer of this.port.peers()) if (peer !== -target) targets.push(peer);
    }
    if (targets.length > 0) this.send(node, method, targets, values);
    if (method.callLocal && (target === 0 || target === own || (target < 0 && -target !== own))) node.sink.call(method, own, args);
  }

  private send(node: DeclaredNode, method: MethodSpec, targets: readonly number[], values: readonly GodotValue[]): void {
    if (node.cacheId === 0) {
      node.cacheId = this.nextCacheId++;
      this.sent.set(node.cacheId, node);
    }
    let all = true;
    for (const peer of targets) if (node.peers.get(peer) !== "confirmed") all = false;
    const built = new Map<string, Uint8Array>();
    const packet = (field: NodeField): Uint8Array => {
      let bytes = built.get(field.kind);
      if (!bytes) built.set(field.kind, (bytes = encodeRemoteCall4(field, method.id, values)));
      return bytes;
    };
    for (const peer of targets) {
      const state = node.peers.get(peer);
      if (state === undefined) {
        node.peers.set(peer, "sent");
        this.port.send(peer, encodeSimplifyPath(node.spec.checksum, node.cacheId, node.spec.path));
      }
      if (all) this.port.send(peer, packet({ kind: "compact", id: node.cacheId }));
      else if (state === "confirmed") this.port.send(peer, packet({ kind: "id4", id: node.cacheId }));
      else this.port.send(peer, packet({ kind: "path", path: node.spec.path }));
    }
  }

  /** One RPC, cache or replication packet from `from` (relay wrapper removed). Returns true when consumed. */
  receive(from: number, packet: Uint8Array): boolean {
    switch (packet[0]! & 7) {
      case G4Command.REMOTE_CALL:
        return this.remoteCall(from, packet);
      case G4Command.SIMPLIFY_PATH:
        return this.simplify(from, packet);
      case G4Command.CONFIRM_PATH:
        return this.confirm(from, packet);
      default:
        this.replication.receive(from, packet);
        return false;
    }
  }

  private error(event: RpcErrorEvent): false {
    rpcError(this.port.signal, event);
    return false;
  }

  private remoteCall(from: number, packet: Uint8Array): boolean {
    const call = decodeRemoteCall4(packet);
    if (!call.ok) return this.error({ code: call.code, from, message: call.reason });
    let path: string | undefined;
    if (call.node.kind === "path") path = call.node.path;
    else {
      path = this.remote.get(from)?.get(call.node.id);
      if (path === undefined) return this.error({ code: ErrorCode.RPC_UNKNOWN_NODE, from, message: `cache id ${call.node.id} is not in the table of peer ${from}` });
    }
    const node = this.registry.find(path);
    if (!node) return this.error({ code: ErrorCode.RPC_UNKNOWN_NODE, from, path, message: `node "${path}" is not declared` });
    const method = node.spec.byId.get(call.method);
    const at = { from, path: node.spec.path };
    if (!method) {
      this.error({ ...at, code: ErrorCode.RPC_UNKNOWN_METHOD, method: `#${call.method}`, message: `node "${path}" has no method id ${call.method}` });
      return true;
    }
    if (method.mode === RpcMode.AUTHORITY && from !== node.authority) {
      this.error({ ...at, code: ErrorCode.RPC_NOT_ALLOWED, method: method.name, message: `${method.name} is "authority" (${node.authority}): refused from ${from}` });
      return true;
    }
    const args = incomingArgs(method, call.args);
    if (typeof args === "string") this.error({ ...at, code: ErrorCode.RPC_ARGUMENTS, method: method.name, message: `${method.name}: ${args}` });
    else node.sink.call(method, from, args);
    return true;
  }

  private simplify(from: number, packet: Uint8Array): boolean {
    const simplify = decodeSimplifyPath(packet);
    if (!simplify.ok) return this.error({ code: simplify.code, from, message: simplify.reason });
    let table = this.remote.get(from);
    if (!table) this.remote.set(from, (table = new Map()));
    const { id, path, checksum } = simplify;
    if (table.has(id)) return this.error({ code: ErrorCode.RPC_CACHE, from, path, message: `duplicate cache id ${id} from peer ${from} (it stays "${table.get(id)!}")` });
    if (table.size >= RPC_PATH_CACHE_LIMIT) return this.error({ code: ErrorCode.RPC_CACHE, from, path, message: `peer ${from} registered ${RPC_PATH_CACHE_LIMIT} paths already` });
    table.set(id, path);
    const node = this.registry.find(path);
    if (!node) return false;
    const valid = checksum === node.spec.checksum;
    if (!valid) this.error({ code: ErrorCode.RPC_CHECKSUM, from, path: node.spec.path, message: `checksum ${checksum} from ${from} differs from ${node.spec.checksum}: the two sides declare different RPC methods` });
    this.port.send(from, encodeConfirmPath(valid, id));
    return true;
  }

  private confirm(from: number, packet: Uint8Array): boolean {
    const confirm = decodeConfirmPath(packet);
    if (!confirm.ok) return this.error({ code: confirm.code, from, message: confirm.reason });
    const node = this.sent.get(confirm.id);
    if (!node) return false;
    const at = { from, path: node.spec.path };
    if (node.peers.get(from) === undefined) return this.error({ ...at, code: ErrorCode.RPC_CACHE, message: `peer ${from} confirms "${node.spec.path}", which was never sent to it` });
    if (!confirm.valid) this.error({ ...at, code: ErrorCode.RPC_CHECKSUM, message: `peer ${from} reports a checksum mismatch for "${node.spec.path}"` });
    node.peers.set(from, "confirmed");
    return true;
  }
}
