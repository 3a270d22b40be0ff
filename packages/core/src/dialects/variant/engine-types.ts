/** Values that name engine-side things: resources, objects, callables, signals. */
import type { GodotValue } from "./godot-value.js";
import { VARIANT_KIND } from "./variant-kind.js";
import { VariantType } from "./variant-type.js";

/** A resource id. Godot 4 sends its 64-bit id; Godot 3 sends nothing (it decodes as `RID(0n)`). */
export class RID {
  constructor(readonly id: bigint = 0n) {}
  get [VARIANT_KIND](): number {
    return VariantType.RID;
  }
}

/** Godot 4 `Callable`. Only the empty callable crosses the wire: every Callable encodes empty. */
export class Callable {
  get [VARIANT_KIND](): number {
    return VariantType.CALLABLE;
  }
}

/** Godot 4 `Signal`: a signal name on the object with this instance id. */
export class Signal {
  constructor(readonly name: string, readonly objectId: bigint = 0n) {}
  get [VARIANT_KIND](): number {
    return VariantType.SIGNAL;
  }
}

/**
 * An object sent as its instance id (how Godot sends objects unless full objects are allowed).
 * Id 0 is never sent: Godot sends a null object as NIL.
 */
export class EncodedObjectAsID {
  constructor(readonly id: bigint) {}
  get [VARIANT_KIND](): number {
    return VariantType.OBJECT;
  }
}

/**
 * A full object: its class name and stored properties in order (Godot writes every property with
 * `PROPERTY_USAGE_STORAGE`, `script` as a `res://` path or null). Encoded and decoded only with
 * `allowObjects`; Godot instantiates the class on decoding, so only allow it from trusted peers.
 */
export class GodotObject {
  readonly className: string;
  readonly properties: ReadonlyMap<string, GodotValue>;

  constructor(className: string, properties: ReadonlyMap<string, GodotValue> | Iterable<readonly [string, GodotValue]> = []) {
    this.className = className;
    this.properties = properties instanceof Map ? properties : new Map(properties);
  }

  get [VARIANT_KIND](): number {
    return VariantType.OBJECT;
  }
}
