/**
 * What an application declares about a node it shares with a Godot game: its RPC methods (and,
 * in Godot 3, its `rset` properties), their modes and argument types, and the node's authority.
 * Pure types and tables; `node-spec.ts` turns a declaration into wire ids and the checksum.
 */
import type { GodotValue } from "../variant/godot-value.js";
import type { Callable, EncodedObjectAsID, GodotObject, RID, Signal } from "../variant/engine-types.js";
import type { GodotDictionary, TypedArray } from "../variant/containers.js";
import type { AABB, Basis, Plane, Projection, Rect2, Rect2i, Transform2D, Transform3D } from "../variant/matrices.js";
import type { NodePath, StringName } from "../variant/node-path.js";
import type { PackedColorArray, PackedStringArray, PackedVector2Array, PackedVector3Array, PackedVector4Array } from "../variant/packed-arrays.js";
import type { Color, Quaternion, Vector2, Vector2i, Vector3, Vector3i, Vector4, Vector4i } from "../variant/vectors.js";

/** Godot 4's `@rpc` modes. */
export const RpcMode = {
  /** Any peer may call it. */
  ANY_PEER: "any_peer",
  /** Only the node's authority may call it (Godot's default). */
  AUTHORITY: "authority",
} as const;
export type RpcMode = (typeof RpcMode)[keyof typeof RpcMode];

/** Godot 3's RPC keywords (`remote func`, `puppet var`...). */
export const RpcMode3 = {
  REMOTE: "remote",
  MASTER: "master",
  PUPPET: "puppet",
  REMOTESYNC: "remotesync",
  MASTERSYNC: "mastersync",
  PUPPETSYNC: "puppetsync",
} as const;
export type RpcMode3 = (typeof RpcMode3)[keyof typeof RpcMode3];

/** Godot 4's transfer modes. Over WebSocket they change nothing on the wire; kept for fidelity. */
export const RpcTransferMode = {
  RELIABLE: "reliable",
  UNRELIABLE: "unreliable",
  UNRELIABLE_ORDERED: "unreliable_ordered",
} as const;
export type RpcTransferMode = (typeof RpcTransferMode)[keyof typeof RpcTransferMode];

/**
 * The TypeScript value of each argument type name (Godot 4's names; Godot 3's `Quat`,
 * `Transform` and `Pool*Array` are aliases). `Variant` takes any value and checks nothing.
 */
export interface ArgTypes {
  Variant: GodotValue;
  bool: boolean;
  int: number | bigint;
  float: number;
  String: string;
  Vector2: Vector2;
  Vector2i: Vector2i;
  Rect2: Rect2;
  Rect2i: Rect2i;
  Vector3: Vector3;
  Vector3i: Vector3i;
  Transform2D: Transform2D;
  Vector4: Vector4;
  Vector4i: Vector4i;
  Plane: Plane;
  Quaternion: Quaternion;
  AABB: AABB;
  Basis: Basis;
  Transform3D: Transform3D;
  Projection: Projection;
  Color: Color;
  StringName: StringName;
  NodePath: NodePath;
  RID: RID;
  Object: EncodedObjectAsID | GodotObject;
  Callable: Callable;
  Signal: Signal;
  Dictionary: GodotDictionary | ReadonlyMap<GodotValue, GodotValue> | { readonly [key: string]: GodotValue };
  Array: readonly GodotValue[] | TypedArray;
  PackedByteArray: Uint8Array;
  PackedInt32Array: Int32Array;
  PackedInt64Array: BigInt64Array;
  PackedFloat32Array: Float32Array;
  PackedFloat64Array: Float64Array;
  PackedStringArray: PackedStringArray;
  PackedVector2Array: PackedVector2Array;
  PackedVector3Array: PackedVector3Array;
  PackedColorArray: PackedColorArray;
  PackedVector4Array: PackedVector4Array;
  Quat: Quaternion;
  Transform: Transform3D;
  PoolByteArray: Uint8Array;
  PoolIntArray: Int32Array;
  PoolRealArray: Float32Array;
  PoolStringArray: PackedStringArray;
  PoolVector2Array: PackedVector2Array;
  PoolVector3Array: PackedVector3Array;
  PoolColorArray: PackedColorArray;
}
export type ArgType = keyof ArgTypes;

/** The values of an argument type list: `["Vector2", "int"]` -> `[Vector2, number | bigint]`. */
export type ArgValues<A extends readonly ArgType[]> = { -readonly [K in keyof A]: ArgTypes[A[K]] };

/** One `@rpc` method (Godot 4) or keyword function (Godot 3). */
export interface RpcMethodConfig {
  /**
   * Godot 4: `"any_peer"` or `"authority"` (default). Godot 3: `"remote"` (default), `"master"`,
   * `"puppet"`, `"remotesync"`, `"mastersync"`, `"puppetsync"`.
   */
  readonly mode?: RpcMode | RpcMode3 | undefined;
  /** Godot 4 `call_local`: `rpc()` also runs the handler here. Default false. */
  readonly callLocal?: boolean | undefined;
  /** Godot 4 transfer mode. Default `"reliable"`. No effect on the WebSocket wire. */
  readonly transferMode?: RpcTransferMode | undefined;
  /** Godot 4 channel. Default 0. No effect on the WebSocket wire. */
  readonly channel?: number | undefined;
  /**
   * Argument types, checked both ways: a call from here with other values throws, a call from a
   * peer with other values is refused (`rpc_error`). Omitted: any number of any values.
   */
  readonly args?: readonly ArgType[] | undefined;
}

/** One Godot 3 `rset` property (`remote var hp`). */
export interface RsetPropertyConfig {
  /** `"remote"` (default), `"master"`, `"puppet"`, `"remotesync"`, `"mastersync"`, `"puppetsync"`. */
  readonly mode?: RpcMode3 | undefined;
  /** The value's type, checked both ways. Omitted: any value. */
  readonly type?: ArgType | undefined;
}

/** A node the application shares with a Godot game, by its path relative to the scene root. */
export interface NodeDeclaration {
  /** The script's RPC methods (Godot 4 `@rpc`, inherited ones included; Godot 3 keyword functions). */
  readonly rpc?: { readonly [method: string]: RpcMethodConfig } | undefined;
  /** Godot 4 only: methods configured with `Node.rpc_config(...)` (ids from 0x8000). */
  readonly nodeRpc?: { readonly [method: string]: RpcMethodConfig } | undefined;
  /** Godot 3 only: properties set with `rset` (`remote var`, `puppet var`...). */
  readonly rset?: { readonly [property: string]: RsetPropertyConfig } | undefined;
  /** Godot 4's multiplayer authority / Godot 3's network master. Default 1 (the server). */
  readonly authority?: number | undefined;
}

/** Method name -> argument tuple, the shape of a node's typed API. */
export type MethodMap = { readonly [method: string]: readonly unknown[] };

type MethodsOf<T> = T extends { readonly [method: string]: RpcMethodConfig }
  ? { -readonly [K in keyof T & string]: T[K] extends { readonly args: infer A extends readonly ArgType[] } ? ArgValues<A> : GodotValue[] }
  : {};

/** The typed methods of a declaration: `rpc` and `nodeRpc` entries with their argument values. */
export type DeclaredMethods<D extends NodeDeclaration> = MethodsOf<D["rpc"]> & MethodsOf<D["nodeRpc"]>;

/** The typed properties of a declaration (Godot 3 `rset`). */
export type DeclaredProperties<D extends NodeDeclaration> = D["rset"] extends { readonly [property: string]: RsetPropertyConfig }
  ? { -readonly [K in keyof D["rset"] & string]: D["rset"][K] extends { readonly type: infer T extends ArgType } ? ArgTypes[T] : GodotValue }
  : {};
