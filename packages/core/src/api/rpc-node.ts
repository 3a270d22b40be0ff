import { Emitter } from "../shared/emitter.js";
import { ErrorCode, InvalidArgumentError, InvalidStateError, RpcError } from "../shared/errors.js";
import type { GodotValue } from "../dialects/variant/godot-value.js";
import type { RpcControl } from "../dialects/rpc/rpc-control.js";
import type { DeclaredNode } from "../dialects/rpc/rpc-registry.js";
import type { DeclaredMethods, DeclaredProperties, MethodMap, NodeDeclaration } from "../dialects/rpc/rpc-types.js";

/** Property name -> value type (Godot 3 `rset`). */
export type PropertyMap = { readonly [property: string]: unknown };

/** A handler of calls from peers: the sender's id, then the arguments. */
export type RpcHandler<A extends readonly unknown[]> = (from: number, ...args: A) => void;

/** The methods of `node<M>()`: `M` when given, else what the declaration's `args` say. */
export type NodeMethods<M extends MethodMap, D extends NodeDeclaration> = [M] extends [never] ? DeclaredMethods<D> : M;
export type NodeProperties<P extends PropertyMap, D extends NodeDeclaration> = [P] extends [never] ? DeclaredProperties<D> : P;

type Listener = (...args: never[]) => void;

/**
 * A node this side shares with a Godot game, as `server.node(path, declaration)` or
 * `client.node(...)` returns it: `on` runs a handler for each call from a peer (the method's mode
 * and argument types already checked), `rpc` / `rpcId` call the method on other peers (and here
 * when it is `callLocal`, or a Godot 3 `*sync` / `master` mode says so). Godot 3 nodes also have
 * `rset` / `rsetId` and `onSet` for their declared properties.
 *
 * Calls from this side throw at once when they cannot go out as asked: `RpcError` for an
 * undeclared method or property, wrong arguments or a target the mode refuses, `InvalidStateError`
 * while not connected, a `WsmpError` with `WSMP_ERR_UNKNOWN_PEER` for a peer that is not connected.
 */
export class RpcNode<M extends MethodMap = MethodMap, P extends PropertyMap = PropertyMap> {
  private readonly calls = new Emitter<Record<string, Listener>>();
  private readonly sets = new Emitter<Record<string, Listener>>();
  private readonly node: DeclaredNode;

  constructor(
    private readonly control: RpcControl,
    path: string,
    declaration: NodeDeclaration,
    private readonly ready: () => boolean,
  ) {
    this.node = control.declare(path, declaration, {
      call: (method, from, args) => this.calls.dispatch(method.name, [from, ...args]),
      set: (property, from, value) => this.sets.dispatch(property.name, [from, value]),
    });
  }

  /** The path as it goes on the wire (relative to the scene root). */
  get path(): string {
    return this.node.spec.path;
  }

  /** Godot 4's SIMPLIFY_PATH checksum of the declared methods ("" for Godot 3). */
  get checksum(): string {
    return this.node.spec.checksum;
  }

  /** Godot 4's multiplayer authority / Godot 3's network master of this node. Default 1. */
  get authority(): number {
    return this.node.authority;
  }
  set authority(id: number) {
    if (!Number.isInteger(id) || id < 1) throw new InvalidArgumentError(`authority must be a peer id (1 or more), got ${String(id)}`);
    this.node.authority = id;
  }

  /** Godot 4 method id of a declared method (the index in its sorted list, `0x8000 |` for nodeRpc). */
  methodId(method: keyof M & string): number {
    return this.method(method).id;
  }

  /** Runs `handler` for every accepted call of `method` from a peer (or a local call). */
  on<K extends keyof M & string>(method: K, handler: RpcHandler<M[K]>): this {
    this.method(method);
    this.calls.on(method, handler as unknown as Listener);
    return this;
  }

  off<K extends keyof M & string>(method: K, handler: RpcHandler<M[K]>): this {
    this.calls.off(method, handler as unknown as Listener);
    return this;
  }

  /** Godot 3: runs `handler` for every accepted `rset` of `property`. */
  onSet<K extends keyof P & string>(property: K, handler: (from: number, value: P[K]) => void): this {
    this.property(property);
    this.sets.on(property, handler as unknown as Listener);
    return this;
  }

  /** `rpc(method, ...args)`: every connected peer (and here, as the mode says). */
  rpc<K extends keyof M & string>(method: K, ...args: M[K]): void {
    this.rpcId(0, method, ...args);
  }

  /** `rpc_id(id, method, ...args)`: one peer (> 0), everyone (0) or everyone but one (< 0). */
  rpcId<K extends keyof M & string>(id: number, method: K, ...args: M[K]): void {
    this.guard();
    this.control.call(this.node, method, id, args as readonly unknown[] as readonly GodotValue[]);
  }

  /** Godot 3 `rpc_unreliable`: the same bytes as `rpc` over WebSocket. */
  rpcUnreliable<K extends keyof M & string>(method: K, ...args: M[K]): void {
    this.godot3("rpcUnreliable");
    this.rpcId(0, method, ...args);
  }

  /** Godot 3 `rpc_unreliable_id`. */
  rpcUnreliableId<K extends keyof M & string>(id: number, method: K, ...args: M[K]): void {
    this.godot3("rpcUnreliableId");
    this.rpcId(id, method, ...args);
  }

  /** Godot 3 `rset(property, value)`: every connected peer. */
  rset<K extends keyof P & string>(property: K, value: P[K]): void {
    this.rsetId(0, property, value);
  }

  /** Godot 3 `rset_id(id, property, value)`. */
  rsetId<K extends keyof P & string>(id: number, property: K, value: P[K]): void {
    this.guard();
    this.control.set(this.node, property, id, value as GodotValue);
  }

  /** Forgets the node: later calls from peers are refused (`rpc_error`), calls from here throw. */
  remove(): void {
    this.control.remove(this.node);
  }

  private guard(): void {
    if (this.node.removed) throw new RpcError(ErrorCode.RPC_UNKNOWN_NODE, `node "${this.path}" was removed`);
    if (!this.ready()) throw new InvalidStateError(`rpc on "${this.path}": the peer is not connected (or not listening)`);
  }

  private godot3(what: string): void {
    if (this.control.version !== 3) throw new RpcError(ErrorCode.RPC_UNKNOWN_METHOD, `${what} is Godot 3 only (Godot 4 declares the transfer mode per method)`);
  }

  private method(name: string): { id: number } {
    const method = this.node.spec.methods.get(name);
    if (!method) throw new RpcError(ErrorCode.RPC_UNKNOWN_METHOD, `node "${this.path}" declares no RPC method "${String(name)}"`);
    return method;
  }

  private property(name: string): void {
    const property = this.node.spec.properties.get(name);
    if (!property) throw new RpcError(ErrorCode.RPC_UNKNOWN_METHOD, `node "${this.path}" declares no rset property "${String(name)}"`);
  }
}
