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
import { ErrorCode, RpcError } from "../../shared/errors.js";
import type { GodotValue } from "../variant/godot-value.js";
import { decodeConfirmPath, decodeRemoteCall4, decodeSimplifyPath, encodeConfirmPath, encodeRemoteCall4, encodeSimplifyPath, G4Command, type NodeField } from "./g4-rpc-codec.js";
import type { MethodSpec } from "./node-spec.js";
import { incomingArgs, methodOf, outgoingArgs } from "./rpc-control.js";
import { RpcPeerBase, type RpcPort } from "./rpc-peer-base.js";
import type { DeclaredNode } from "./rpc-registry.js";
import { RpcMode } from "./rpc-types.js";
import { ReplicationWatch } from "./replication-watch.js";

export class Rpc4 extends RpcPeerBase {
  readonly version = 4 as const;
  private readonly replication: ReplicationWatch;

  constructor(port: RpcPort) {
    super(port);
    this.replication = new ReplicationWatch(port.signal, (from, id) => this.remote.get(from)?.get(id));
  }

  set(): void {
    throw new RpcError(ErrorCode.RPC_UNKNOWN_METHOD, "rset does not exist in Godot 4: use an RPC or a MultiplayerSynchronizer");
  }

  override peerLeft(id: number): void {
    super.peerLeft(id);
    this.replication.peerLeft(id);
  }

  override reset(): void {
    super.reset();
    this.replication.reset();
  }

  call(node: DeclaredNode, name: string, target: number, args: readonly GodotValue[]): void {
    const method = methodOf(node, name);
    const values = outgoingArgs(node, method, args);
    const what = `rpc ${node.spec.path}::${name}`;
    const targets = this.targetsOf(what, target);
    const own = this.port.ownId();
    if (target === own && !method.callLocal) throw new RpcError(ErrorCode.RPC_NOT_ALLOWED, `${what} on yourself is not allowed: the method is not callLocal`);
    if (targets.length > 0) this.send(node, method, targets, values);
    if (method.callLocal && (target === 0 || target === own || (target < 0 && -target !== own))) node.sink.call(method, own, args);
  }

  private send(node: DeclaredNode, method: MethodSpec, targets: readonly number[], values: readonly GodotValue[]): void {
    const id = this.cacheIdOf(node);
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
        this.port.send(peer, encodeSimplifyPath(node.spec.checksum, id, node.spec.path));
      }
      if (all) this.port.send(peer, packet({ kind: "compact", id }));
      else if (state === "confirmed") this.port.send(peer, packet({ kind: "id4", id }));
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

  private remoteCall(from: number, packet: Uint8Array): boolean {
    const call = decodeRemoteCall4(packet);
    if (!call.ok) return this.error({ code: call.code, from, message: call.reason });
    const path = this.pathOf(from, call.node);
    if (path === undefined) return false;
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
    const { id, path, checksum } = simplify;
    if (!this.register(from, id, path, false)) return false;
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
