import { invalidValue } from "./variant-error.js";
import { VARIANT_KIND } from "./variant-kind.js";
import { VariantType } from "./variant-type.js";

/** Godot 4 `StringName` (`&"name"`). Godot 3 has no such Variant type. */
export class StringName {
  constructor(readonly name: string) {}
  get [VARIANT_KIND](): number {
    return VariantType.STRING_NAME;
  }
  toString(): string {
    return this.name;
  }
}

export interface NodePathParts {
  readonly names: readonly string[];
  readonly subnames?: readonly string[];
  readonly absolute?: boolean;
}

/**
 * Godot's `NodePath`: node names, then property subnames, and whether it starts at the root.
 * `new NodePath("/root/Player:position:x")` parses as Godot does; `new NodePath({ names, subnames,
 * absolute })` takes the parts as they are.
 */
export class NodePath {
  readonly names: readonly string[];
  readonly subnames: readonly string[];
  readonly absolute: boolean;

  constructor(path: string | NodePathParts = "") {
    const parts = typeof path === "string" ? parseNodePath(path) : path;
    this.names = parts.names;
    this.subnames = parts.subnames ?? [];
    this.absolute = parts.absolute ?? false;
  }

  get [VARIANT_KIND](): number {
    return VariantType.NODE_PATH;
  }

  /** Godot's text form: `/a/b:c:d`. */
  toString(): string {
    const sub = this.subnames.length > 0 ? ":" + this.subnames.join(":") : "";
    return (this.absolute ? "/" : "") + this.names.join("/") + sub;
  }
}

/** Godot's `NodePath(String)`: `/` separates names (empty ones skipped), the first `:` starts the subnames. */
function parseNodePath(path: string): { names: string[]; subnames: string[]; absolute: boolean } {
  if (path.length === 0) return { names: [], subnames: [], absolute: false };
  const absolute = path.startsWith("/");
  const colon = path.indexOf(":");
  const subnames: string[] = [];
  if (colon >= 0) {
    const parts = path.slice(colon + 1).split(":");
    parts.forEach((part, i) => {
      if (part.length > 0) subnames.push(part);
      else if (i < parts.length - 1) throw invalidValue(`invalid NodePath "${path}" (empty subname)`);
    });
  }
  const names = (colon >= 0 ? path.slice(0, colon) : path).split("/").filter((name) => name.length > 0);
  return { names, subnames, absolute };
}
