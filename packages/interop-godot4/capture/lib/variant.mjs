// A small Variant decoder (encode_variant format) for the notes of the fixtures. It prints
// values in Godot's text syntax. Type ids differ between Godot 4 and Godot 3, hence the tables.

export const G4_TYPES = [
  "nil", "bool", "int", "float", "string", "vector2", "vector2i", "rect2", "rect2i", "vector3",
  "vector3i", "transform2d", "vector4", "vector4i", "plane", "quaternion", "aabb", "basis",
  "transform3d", "projection", "color", "stringname", "nodepath", "rid", "object", "callable",
  "signal", "dictionary", "array", "packedbytearray", "packedint32array", "packedint64array",
  "packedfloat32array", "packedfloat64array", "packedstringarray", "packedvector2array",
  "packedvector3array", "packedcolorarray", "packedvector4array",
];

export const G3_TYPES = [
  "nil", "bool", "int", "float", "string", "vector2", "rect2", "vector3", "transform2d", "plane",
  "quaternion", "aabb", "basis", "transform3d", "color", "nodepath", "rid", "object",
  "dictionary", "array", "packedbytearray", "packedint32array", "packedfloat32array",
  "packedstringarray", "packedvector2array", "packedvector3array", "packedcolorarray",
];

const NAMES4 = { vector2: "Vector2", vector2i: "Vector2i", rect2: "Rect2", rect2i: "Rect2i", vector3: "Vector3", vector3i: "Vector3i", vector4: "Vector4", vector4i: "Vector4i", plane: "Plane", quaternion: "Quaternion", aabb: "AABB", basis: "Basis", transform2d: "Transform2D", transform3d: "Transform3D", projection: "Projection", color: "Color" };
const REALS = { vector2: 2, rect2: 4, vector3: 3, vector4: 4, plane: 4, quaternion: 4, aabb: 6, basis: 9, transform2d: 6, transform3d: 12, projection: 16, color: 4 };
const INTS = { vector2i: 2, rect2i: 4, vector3i: 3, vector4i: 4 };

function num(x) {
  if (Number.isInteger(x)) return String(x);
  const short = Number(x.toPrecision(7));
  return String(short);
}

function str(buf, off) {
  const len = buf.readUInt32LE(off);
  const text = buf.toString("utf8", off + 4, off + 4 + len);
  return { text, len: 4 + len + ((4 - (len % 4)) % 4) };
}

/** Decodes one Variant at `off`; returns { text, len }. */
export function decodeVariant(buf, off, types) {
  if (off + 4 > buf.length) throw new Error("truncated variant header");
  const header = buf.readUInt32LE(off);
  const kind = types[header & 0xff];
  const flags = header >>> 16;
  const f64 = (flags & 1) !== 0;
  let o = off + 4;
  const take = (n) => {
    const start = o;
    o += n;
    if (o > buf.length) throw new Error("truncated variant");
    return start;
  };
  let text;
  switch (kind) {
    case "nil":
      text = "null";
      break;
    case "bool":
      text = buf.readUInt32LE(take(4)) ? "true" : "false";
      break;
    case "int":
      text = f64 ? String(buf.readBigInt64LE(take(8))) : String(buf.readInt32LE(take(4)));
      break;
    case "float":
      text = num(f64 ? buf.readDoubleLE(take(8)) : buf.readFloatLE(take(4)));
      break;
    case "string":
    case "stringname": {
      const s = str(buf, o);
      o += s.len;
      text = (kind === "stringname" ? "&" : "") + JSON.stringify(s.text);
      break;
    }
    case "nodepath": {
      const names = buf.readUInt32LE(take(4)) & 0x7fffffff;
      const subnames = buf.readUInt32LE(take(4));
      const npflags = buf.readUInt32LE(take(4));
      const parts = [];
      for (let i = 0; i < names + subnames; i++) {
        const s = str(buf, o);
        o += s.len;
        parts.push(s.text);
      }
      const path = (npflags & 1 ? "/" : "") + parts.slice(0, names).join("/") + parts.slice(names).map((p) => `:${p}`).join("");
      text = `NodePath(${JSON.stringify(path)})`;
      break;
    }
    case "dictionary":
    case "array": {
      if (kind === "array" && (flags & 3) === 1) take(4); // typed array: builtin element type
      if (kind === "dictionary") {
        if ((flags & 3) === 1) take(4);
        if (((flags >> 2) & 3) === 1) take(4);
      }
      const count = buf.readUInt32LE(take(4)) & 0x7fffffff;
      const items = [];
      for (let i = 0; i < count * (kind === "dictionary" ? 2 : 1); i++) {
        const v = decodeVariant(buf, o, types);
        o += v.len;
        items.push(v.text);
      }
      if (kind === "array") text = `[${items.join(", ")}]`;
      else {
        const pairs = [];
        for (let i = 0; i < items.length; i += 2) pairs.push(`${items[i]}: ${items[i + 1]}`);
        text = `{${pairs.join(", ")}}`;
      }
      break;
    }
    case "packedbytearray": {
      const count = buf.readUInt32LE(take(4));
      const start = take(count + ((4 - (count % 4)) % 4));
      text = `PackedByteArray(${[...buf.subarray(start, start + count)].join(", ")})`;
      break;
    }
    case "packedint32array":
    case "packedint64array":
    case "packedfloat32array":
    case "packedfloat64array": {
      const count = buf.readUInt32LE(take(4));
      const size = kind.includes("64") ? 8 : 4;
      const vals = [];
      for (let i = 0; i < count; i++) {
        const at = take(size);
        vals.push(kind.includes("int") ? (size === 8 ? String(buf.readBigInt64LE(at)) : String(buf.readInt32LE(at))) : num(size === 8 ? buf.readDoubleLE(at) : buf.readFloatLE(at)));
      }
      text = `${kind.replace("packed", "Packed").replace("int", "Int").replace("float", "Float").replace("array", "Array")}(${vals.join(", ")})`;
      break;
    }
    case "packedstringarray": {
      const count = buf.readUInt32LE(take(4));
      const vals = [];
      for (let i = 0; i < count; i++) {
        const s = str(buf, o);
        o += s.len;
        vals.push(JSON.stringify(s.text.replace(/\0$/, "")));
      }
      text = `PackedStringArray(${vals.join(", ")})`;
      break;
    }
    default: {
      if (REALS[kind]) {
        const size = f64 && kind !== "color" ? 8 : 4;
        const vals = [];
        for (let i = 0; i < REALS[kind]; i++) {
          const at = take(size);
          vals.push(num(size === 8 ? buf.readDoubleLE(at) : buf.readFloatLE(at)));
        }
        text = `${NAMES4[kind]}(${vals.join(", ")})`;
      } else if (INTS[kind]) {
        const vals = [];
        for (let i = 0; i < INTS[kind]; i++) vals.push(buf.readInt32LE(take(4)));
        text = `${NAMES4[kind]}(${vals.join(", ")})`;
      } else {
        throw new Error(`variant type ${header & 0xff} (${kind}) not decoded here`);
      }
    }
  }
  return { text, len: o - off };
}

/** Godot 4's "compressed" variant of RPC arguments and replication state. */
export function decodeCompressed(buf, off) {
  const meta = buf[off];
  const type = meta & 0x3f;
  const mode = meta >> 6;
  if (type === 1) return { text: meta & 0x80 ? "true" : "false", len: 1 };
  if (type === 2) {
    const size = [1, 2, 4, 8][mode];
    if (off + 1 + size > buf.length) throw new Error("truncated int");
    const v = size === 1 ? buf.readInt8(off + 1) : size === 2 ? buf.readInt16LE(off + 1) : size === 4 ? buf.readInt32LE(off + 1) : buf.readBigInt64LE(off + 1);
    return { text: `${v}`, len: 1 + size, size };
  }
  return decodeVariant(buf, off, G4_TYPES);
}
