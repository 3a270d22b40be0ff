/**
 * The one file of the Variant codec that imports from outside its folder (errors, Godot's error
 * numbers, UTF-8 helpers), so the paths can be changed in one place when those modules move.
 */
import { GodotError } from "../../shared/constants.js";
import { ErrorCode, InvalidArgumentError, WsmpError } from "../../shared/errors.js";

export { utf8DecodeStrict, utf8Encode, utf8Length } from "../../shared/bytes.js";
export { ErrorCode, GodotError, InvalidArgumentError, WsmpError };

/**
 * Variant bytes that Godot's `decode_variant` would refuse, or an encoding past its limits.
 * `godotError` is the number Godot returns in the same case: 18 `ERR_FILE_EOF` (a string longer
 * than the data), 30 `ERR_INVALID_DATA`, 4 `ERR_UNAUTHORIZED` (a full object without
 * `allowObjects`), 6 `ERR_OUT_OF_MEMORY` (too deep, or longer than `maxSize`).
 */
export class VariantError extends WsmpError {
  constructor(message: string, godotError: GodotError = GodotError.ERR_INVALID_DATA) {
    super(ErrorCode.VARIANT, message, { godotError });
    this.name = "VariantError";
  }
}

/** A value the codec cannot encode (wrong JS type, out of range, not in this Godot version). */
export function invalidValue(message: string): InvalidArgumentError {
  return new InvalidArgumentError(`encodeVariant: ${message}`);
}
