import { invalidValue } from "./variant-error.js";
import type { VariantOptions } from "./godot-value.js";

/** Refuses options the codec cannot honour (caller misuse: thrown at once). */
export function checkOptions(options: VariantOptions): void {
  if (options === null || typeof options !== "object" || (options.version !== 3 && options.version !== 4)) {
    throw invalidValue("options.version must be 3 or 4");
  }
  const { maxDepth, maxSize } = options;
  if (maxDepth !== undefined && (!Number.isInteger(maxDepth) || maxDepth < 0 || maxDepth > 1024)) {
    throw invalidValue(`options.maxDepth must be an integer in [0, 1024], got ${maxDepth}`);
  }
  if (maxSize !== undefined && !(maxSize === Infinity || (Number.isInteger(maxSize) && maxSize >= 4))) {
    throw invalidValue(`options.maxSize must be an integer >= 4 or Infinity, got ${maxSize}`);
  }
}
