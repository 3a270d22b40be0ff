/**
 * A declaration checked and turned into what the wire needs: Godot 4 method ids and the path
 * checksum (docs/godot-rpc-wire.md §3-4), Godot 3 modes by name.
 *
 * Godot 4 method ids: two lists, each sorted by code point: methods given to `Node.rpc_config`
 * (`nodeRpc`) get `0x8000 | index`, script `@rpc` methods (`rpc`) get `index`. The checksum is the
 * lowercase hex md5 of the names in id order (node-level list first), UTF-8, no separator.
 */
import { md5 } from "@noble/hashes/legacy.js";
import { utf8Encode } from "../../shared/bytes.js";
import { InvalidArgumentError } from "../../shared/errors.js";
import { MAX_PEER_ID, SERVER_PEER_ID } from "../../shared/constants.js";
import { argTypeExists, isArgType } from "./rpc-arg-types.js";
import { type ArgType, type NodeDeclaration, RpcMode, RpcMode3, type RpcMethodConfig, RpcTransferMode, type RsetPropertyConfig } from "./rpc-types.js";

/** Bit 15 of a Godot 4 method id: a node-level (`rpc_config`) method. */
export const NODE_CONFIG_FLAG = 0x8000;
/** Most methods per list (ids are 15 bits) and most arguments per call (`argc` is one byte). */
export const MAX_METHODS = 0x8000;
export const MAX_ARGS = 255;

export interface MethodSpec {
  readonly name: string;
  /** Godot 4 wire id; -1 in Godot 3 (methods go by name). */
  readonly id: number;
  readonly mode: RpcMode | RpcMode3;
  readonly callLocal: boolean;
  readonly transferMode: RpcTransferMode;
  readonly channel: number;
  /** Declared argument types; undefined = any. */
  readonly args: readonly ArgType[] | undefined;
}

export interface PropertySpec {
  readonly name: string;
  readonly mode: RpcMode3;
  readonly type: ArgType | undefined;
}

export interface NodeSpec {
  /** Relative to the scene root, without `/root/`: what goes on the wire. */
  readonly path: string;
  readonly version: 3 | 4;
  readonly methods: ReadonlyMap<string, MethodSpec>;
  /** Godot 4: id -> method. */
  readonly byId: ReadonlyMap<number, MethodSpec>;
  readonly properties: ReadonlyMap<string, PropertySpec>;
  /** Godot 4: the SIMPLIFY_PATH checksum (32 lowercase hex chars); "" in Godot 3. */
  readonly checksum: string;
  readonly authority: number;
}

/** Compares two strings by Unicode code point, as Godot's `String` operator `<` does. */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(j)!;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return a.length - i - (b.length - j);
}

/** md5 as 32 lowercase hex characters. */
export function md5Hex(text: string): string {
  const digest = md5(utf8Encode(text));
  let out = "";
  for (let i = 0; i < digest.length; i++) out += digest[i]!.toString(16).padStart(2, "0");
  return out;
}

/**
 * A path as the wire carries it: relative to the scene root. `/root/Game/World` and
 * `Game/World` are the same node; `undefined` for an absolute path outside `/root`.
 */
export function wirePath(path: string): string | undefined {
  if (path.startsWith("/root/")) return path.slice(6);
  return path.startsWith("/") ? undefined : path;
}

function fail(message: string): never {
  throw new InvalidArgumentError(message);
}

/** Checks a declaration and derives its ids and checksum. Throws `InvalidArgumentError`. */
export function compileNode(path: string, declaration: NodeDeclaration, version: 3 | 4): NodeSpec {
  if (typeof path !== "string" || path.length === 0 || path.includes("\0")) fail("a node path must be a non-empty string without NUL");
  const relative = wirePath(path) ?? fail(`node path "${path}" must be relative to the scene root ("Game/World") or start with /root/`);
  if (relative.length === 0) fail("the scene root itself cannot be declared");
  if (typeof declaration !== "object" || declaration === null) fail(`node "${path}": the declaration must be an object`);
  const authority = declaration.authority ?? SERVER_PEER_ID;
  if (!Number.isInteger(authority) || authority < 1 || authority > MAX_PEER_ID) fail(`node "${path}": authority must be a peer id (1 or more), got ${String(authority)}`);
  if (version === 3 && declaration.nodeRpc !== undefined) fail(`node "${path}": nodeRpc (Node.rpc_config) is Godot 4 only`);
  if (version === 4 && declaration.rset !== undefined) fail(`node "${path}": rset properties are Godot 3 only`);

  const methods = new Map<string, MethodSpec>();
  const byId = new Map<number, MethodSpec>();
  const nodeNames = names(path, declaration.nodeRpc, "nodeRpc");
  const scriptNames = names(path, declaration.rpc, "rpc");
  const add = (list: readonly string[], table: { readonly [m: string]: RpcMethodConfig }, flag: number): void => {
    list.forEach((name, index) => {
      if (methods.has(name)) fail(`node "${path}": method "${name}" is declared in both rpc and nodeRpc`);
      const spec = method(path, name, table[name]!, version, version === 4 ? index | flag : -1);
      methods.set(name, spec);
      if (version === 4) byId.set(spec.id, spec);
    });
  };
  add(nodeNames, declaration.nodeRpc ?? {}, NODE_CONFIG_FLAG);
  add(scriptNames, declaration.rpc ?? {}, 0);

  const properties = new Map<string, PropertySpec>();
  for (const name of names(path, declaration.rset, "rset")) properties.set(name, property(path, name, declaration.rset![name]!));
  const checksum = version === 4 ? md5Hex(nodeNames.join("") + scriptNames.join("")) : "";
  return { path: relative, version, methods, byId, properties, checksum, authority };
}

function names(path: string, table: object | undefined, what: string): string[] {
  if (table === undefined) return [];
  if (typeof table !== "object" || table === null) fail(`node "${path}": ${what} must be an object`);
  const list = Object.keys(table).sort(compareCodePoints);
  if (list.length > MAX_METHODS) fail(`node "${path}": at most ${MAX_METHODS} ${what} entries`);
  for (const name of list) if (name.length === 0 || name.includes("\0")) fail(`node "${path}": ${what} names must be non-empty, without NUL`);
  return list;
}

const MODES_4: readonly string[] = Object.values(RpcMode);
const MODES_3: readonly string[] = Object.values(RpcMode3);
const TRANSFER: readonly string[] = Object.values(RpcTransferMode);

function method(path: string, name: string, config: RpcMethodConfig, version: 3 | 4, id: number): MethodSpec {
  const where = `node "${path}", method "${name}"`;
  if (typeof config !== "object" || config === null) fail(`${where}: the configuration must be an object`);
  const mode = config.mode ?? (version === 4 ? RpcMode.AUTHORITY : RpcMode3.REMOTE);
  if (!(version === 4 ? MODES_4 : MODES_3).includes(mode)) {
    fail(`${where}: mode "${String(mode)}" is not a Godot ${version} mode (${(version === 4 ? MODES_4 : MODES_3).join(", ")})`);
  }
  if (version === 3 && (config.callLocal !== undefined || config.channel !== undefined || config.transferMode !== undefined)) {
    fail(`${where}: callLocal, transferMode and channel are Godot 4 options (Godot 3 uses the *sync modes and rpc_unreliable)`);
  }
  const transferMode = config.transferMode ?? RpcTransferMode.RELIABLE;
  if (!TRANSFER.includes(transferMode)) fail(`${where}: transferMode must be one of ${TRANSFER.join(", ")}`);
  const channel = config.channel ?? 0;
  if (!Number.isInteger(channel) || channel < 0 || channel > 0x7fffffff) fail(`${where}: channel must be an integer >= 0`);
  if (config.callLocal !== undefined && typeof config.callLocal !== "boolean") fail(`${where}: callLocal must be a boolean`);
  return { name, id, mode, callLocal: config.callLocal === true, transferMode, channel, args: argList(where, config.args, version) };
}

function argList(where: string, args: readonly ArgType[] | undefined, version: 3 | 4): readonly ArgType[] | undefined {
  if (args === undefined) return undefined;
  if (!Array.isArray(args)) fail(`${where}: args must be an array of type names`);
  if (args.length > MAX_ARGS) fail(`${where}: at most ${MAX_ARGS} arguments`);
  for (const type of args) checkType(where, type, version);
  return Object.freeze([...args]);
}

function checkType(where: string, type: unknown, version: 3 | 4): asserts type is ArgType {
  if (!isArgType(type)) fail(`${where}: "${String(type)}" is not a Godot type name`);
  if (!argTypeExists(type, version)) fail(`${where}: ${type} does not exist in Godot ${version}`);
}

function property(path: string, name: string, config: RsetPropertyConfig): PropertySpec {
  const where = `node "${path}", property "${name}"`;
  if (typeof config !== "object" || config === null) fail(`${where}: the configuration must be an object`);
  const mode = config.mode ?? RpcMode3.REMOTE;
  if (!MODES_3.includes(mode)) fail(`${where}: mode "${String(mode)}" is not a Godot 3 mode (${MODES_3.join(", ")})`);
  if (config.type !== undefined) checkType(where, config.type, 3);
  return { name, mode, type: config.type };
}
