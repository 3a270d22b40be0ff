/**
 * Godot 3's MultiplayerAPI RPC layer for one wsmp peer (server or client), over the `godot3`
 * dialect (docs/godot-rpc-wire.md §8).
 *
 * Rules:
 * 1. SIMPLIFY_PATH from S: (S, id) -> path is stored (a repeated id replaces the old path, as in
 *    Godot 3); a declared node is confirmed with CONFIRM_PATH `[03][path]` to S.
 * 2. REMOTE_CALL / REMOTE_SET from S, by name: for a declared node the mode decides (remote and
 *    remotesync: anyone; master and mastersync: only if this side is the node's master; puppet and
 *    puppetsync: only if it is not and S is the master), then the declared types; then the
 *    handler. Each refusal is an `rpc_error`.
 * 3. A call from here (`_send_rpc`): SIMPLIFY_PATH to each target that never got it; then, once
 *    every target confirmed, one message with the call's own `to` (the server relays it); before
 *    that one message per target: the cache id to those that confirmed, the path to the others.
 * 4. The local call of `rpc()` / `rset()` follows Godot 3: `*sync` modes always run here, `master`
 *    runs here (and only here) on the master, `puppet` runs here on a puppet.
 * 5. With no node declared, the layer takes nothing: every payload reaches the packet queue as
 *    before. `receive` returns true when it consumed a payload; the rest is queued.
 */
import { ErrorCode, RpcError } from "../../shared/errors.js";
import type { GodotValue } from "../variant/godot-value.js";
import { decodeConfirmPath3, decodeRemoteCall3, decodeSimplifyPath3, encodeConfirmPath3, encodeRemoteCall3, encodeSimplifyPath3, G3Command } from "./g3-rpc-codec.js";
import type { NodeField } from "./g4-rpc-codec.js";
import { checkedOut, incomingArgs, methodOf, outgoingArgs } from "./rpc-control.js";
import { RpcPeerBase } from "./rpc-peer-base.js";
import type { DeclaredNode } from "./rpc-registry.js";
import { incomingArg } from "./rpc-arg-types.js";
import { RpcMode3 } from "./rpc-types.js";

/** Godot 3's `_can_call_mode`: may `from` call a method of this mode on a node whose master is `master`? */
export function canCall3(mode: string, isMaster: boolean, from: number, master: number): boolean {
  switch (mode) {
    case RpcMode3.REMOTE:
    case RpcMode3.REMOTESYNC:
      return true;
    case RpcMode3.MASTER:
    case RpcMode3.MASTERSYNC:
      return isMaster;
    default:
      return !isMaster && from === master;
  }
}

/** Godot 3's `_should_call_local`: [run it here, skip sending it]. */
export function localCall3(mode: string, isMaster: boolean): [boolean, boolean] {
  switch (mode) {
    case RpcMode3.MASTERSYNC:
      return [true, isMaster];
    case RpcMode3.REMOTESYNC:
    case RpcMode3.PUPPETSYNC:
      return [true, false];
    case RpcMode3.MASTER:
      return [isMaster, isMaster];
    case RpcMode3.PUPPET:
      return [!isMaster, false];
    default:
      return [false, false];
  }
}

export class Rpc3 extends RpcPeerBase {
  readonly version = 3 as const;

  call(node: DeclaredNode, name: string, target: number, args: readonly GodotValue[]): void {
    const method = methodOf(node, name);
    const values = outgoingArgs(node, method, args);
    this.invoke(node, `rpc ${node.spec.path}::${name}`, method.mode, target, false, name, values, () => node.sink.call(method, this.port.ownId(), args));
  }

  set(node: DeclaredNode, name: string, target: number, value: GodotValue): void {
    const property = node.removed ? undefined : node.spec.properties.get(name);
    if (!property) throw new RpcError(node.removed ? ErrorCode.RPC_UNKNOWN_NODE : ErrorCode.RPC_UNKNOWN_METHOD, `node "${node.spec.path}" declares no rset property "${String(name)}"`);
    const where = `rset ${node.spec.path}.${name}`;
    const out = checkedOut(where, property.type ?? "Variant", value, 0);
    this.invoke(node, where, property.mode, target, true, name, [out], () => node.sink.set(property, this.port.ownId(), value));
  }

  /** `rpcp` / `rsetp`: the local call and the send, as Godot 3 decides them. */
  private invoke(node: DeclaredNode, what: string, mode: string, target: number, set: boolean, name: string, values: readonly GodotValue[], local: () => void): void {
    const targets = this.targetsOf(what, target);
    const own = this.port.ownId();
    let runHere = false;
    let skip = target === own;
    if (target === 0 || target === own || (target < 0 && -target !== own)) {
      const [here, skipSend] = localCall3(mode, node.authority === own);
      runHere = here;
      skip ||= skipSend;
    }
    if (skip && !runHere) throw new RpcError(ErrorCode.RPC_NOT_ALLOWED, `${what} on yourself is not allowed by mode "${mode}"`);
    if (!skip && targets.length > 0) this.send(node, target, targets, name, values, set);
    if (runHere) local();
  }

  private send(node: DeclaredNode, target: number, targets: readonly number[], name: string, values: readonly GodotValue[], set: boolean): void {
    const id = this.cacheIdOf(node);
    let all = true;
    for (const peer of targets) {
      const state = node.peers.get(peer);
      if (state !== "confirmed") all = false;
      if (state === undefined) {
        node.peers.set(peer, "sent");
        this.port.send(peer, encodeSimplifyPath3(id, node.spec.path));
      }
    }
    const packet = (field: NodeField): Uint8Array => encodeRemoteCall3(field, name, values, set);
    if (all) return this.port.send(target, packet({ kind: "compact", id }));
    let byId: Uint8Array | undefined;
    let byPath: Uint8Array | undefined;
    for (const peer of targets) {
      if (node.peers.get(peer) === "confirmed") this.port.send(peer, (byId ??= packet({ kind: "id4", id })));
      else this.port.send(peer, (byPath ??= packet({ kind: "path", path: node.spec.path })));
    }
  }

  /** One MultiplayerAPI payload from `from`. Returns true when consumed. */
  receive(from: number, payload: Uint8Array): boolean {
    if (this.registry.size === 0 || payload.length === 0) return false;
    switch (payload[0]) {
      case G3Command.REMOTE_CALL:
      case G3Command.REMOTE_SET:
        return this.remoteCall(from, payload);
      case G3Command.SIMPLIFY_PATH:
        return this.simplify(from, payload);
      case G3Command.CONFIRM_PATH:
        return this.confirm(from, payload);
      default:
        return false;
    }
  }

  private remoteCall(from: number, payload: Uint8Array): boolean {
    const call = decodeRemoteCall3(payload);
    if (!call.ok) return this.error({ code: call.code, from, message: call.reason });
    const path = this.pathOf(from, call.node);
    if (path === undefined) return false;
    const node = this.registry.find(path);
    if (!node) return this.error({ code: ErrorCode.RPC_UNKNOWN_NODE, from, path, message: `node "${path}" is not declared` });
    const at = { from, path: node.spec.path, method: call.name };
    const entry = call.set ? node.spec.properties.get(call.name) : node.spec.methods.get(call.name);
    if (!entry) {
      this.error({ ...at, code: ErrorCode.RPC_UNKNOWN_METHOD, message: `node "${path}" declares no ${call.set ? "rset property" : "method"} "${call.name}"` });
      return true;
    }
    const own = this.port.ownId();
    if (!canCall3(entry.mode, node.authority === own, from, node.authority)) {
      this.error({ ...at, code: ErrorCode.RPC_NOT_ALLOWED, message: `"${call.name}" is ${entry.mode} (master ${node.authority}): refused from ${from}` });
      return true;
    }
    if (call.set) {
      const property = node.spec.properties.get(call.name)!;
      const value = incomingArg(property.type ?? "Variant", call.args[0]!);
      if (value === undefined) this.error({ ...at, code: ErrorCode.RPC_ARGUMENTS, message: `${call.name}: the value is not a ${property.type}` });
      else node.sink.set(property, from, value);
      return true;
    }
    const method = node.spec.methods.get(call.name)!;
    const args = incomingArgs(method, call.args);
    if (typeof args === "string") this.error({ ...at, code: ErrorCode.RPC_ARGUMENTS, message: `${call.name}: ${args}` });
    else node.sink.call(method, from, args);
    return true;
  }

  private simplify(from: number, payload: Uint8Array): boolean {
    const simplify = decodeSimplifyPath3(payload);
    if (!simplify.ok) return this.error({ code: simplify.code, from, message: simplify.reason });
    if (!this.register(from, simplify.id, simplify.path, true)) return false;
    if (!this.registry.find(simplify.path)) return false;
    this.port.send(from, encodeConfirmPath3(simplify.path));
    return true;
  }

  private confirm(from: number, payload: Uint8Array): boolean {
    const confirm = decodeConfirmPath3(payload);
    if (!confirm.ok) return this.error({ code: confirm.code, from, message: confirm.reason });
    const node = this.registry.find(confirm.path);
    if (!node || node.cacheId === 0) return false;
    if (node.peers.get(from) === undefined) return this.error({ code: ErrorCode.RPC_CACHE, from, path: node.spec.path, message: `peer ${from} confirms "${confirm.path}", which was never sent to it` });
    node.peers.set(from, "confirmed");
    return true;
  }
}
