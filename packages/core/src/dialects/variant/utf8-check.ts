/**
 * Where a Variant string ends, and whether it is well-formed UTF-8 up to there. Godot's
 * `parse_utf8` stops at the first NUL byte and refuses malformed UTF-8 (overlong forms,
 * surrogates, code points past U+10FFFF, cut sequences) with `ERR_INVALID_DATA`; the text itself
 * is then decoded by `utf8Decode`.
 *
 * Returns the index of the end of the text (the first NUL, or `end`), or -1 when malformed.
 */
export function utf8TextEnd(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const b = bytes[i]!;
    if (b === 0) return i;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lower = 0xa0;
      else if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lower = 0x90;
      else if (b === 0xf4) upper = 0x8f;
    } else return -1;
    if (end - i - 1 < need) return -1;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]!;
      if (c < lower || c > upper) return -1;
      lower = 0x80;
      upper = 0xbf;
    }
    i += need + 1;
  }
  return end;
}

