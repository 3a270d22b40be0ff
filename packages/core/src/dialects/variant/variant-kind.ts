/**
 * Every model class answers its Godot 4 type id through this symbol (a prototype getter), so the
 * encoder dispatches with one property read instead of a chain of `instanceof` checks.
 */
export const VARIANT_KIND: unique symbol = Symbol("wsmp.variant.kind");

/** The Godot 4 type id of a model class instance, or undefined for anything else. */
export function variantKindOf(value: object): number | undefined {
  return (value as { [VARIANT_KIND]?: number })[VARIANT_KIND];
}
