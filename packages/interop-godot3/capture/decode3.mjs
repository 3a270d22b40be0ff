// Human-readable notes for Godot 3.2 multiplayer messages (gd_mp_api = true) as seen by the
// capture proxy: the 9-byte WebSocketMultiplayerPeer header, then a MultiplayerAPI packet.

import { decodeVariant, G3_TYPES } from "../../interop-godot4/capture/lib/variant.mjs";

const SYS = ["SYS_NONE", "SYS_ADD", "SYS_DEL", "SYS_ID"];

const cstr = (buf, off) => {
  const end = buf.indexOf(0, off);
  return { text: buf.toString("utf8", off, end < 0 ? buf.length : end), end: end < 0 ? buf.length : end + 1 };
};

export function makeDecoder3() {
  // Godot 3 gives each node path one cache id per sender, shared by all its receivers.
  const cache = new Map(); // sender -> Map(id -> path)
  const paths = (s) => {
    if (!cache.has(s)) cache.set(s, new Map());
    return cache.get(s);
  };

  function payload(buf, from) {
    const cmd = buf[0];
    switch (cmd) {
      case 0:
      case 1: {
        const target = buf.readUInt32LE(1);
        const name = cstr(buf, 5);
        let end = buf.length;
        let node;
        if (target & 0x80000000) {
          const ofs = target & 0x7fffffff;
          end = ofs;
          node = `path "${cstr(buf, ofs).text}" (0x${(target >>> 0).toString(16)}: path at offset ${ofs})`;
        } else {
          node = `#${target} = ${paths(from).get(target) ?? "?"}`;
        }
        let o = name.end;
        const vals = [];
        let argc = 1;
        if (cmd === 0) {
          argc = buf[o];
          o += 1;
        }
        for (let i = 0; i < argc && o < end; i++) {
          const v = decodeVariant(buf.subarray(0, end), o, G3_TYPES);
          vals.push(v.text);
          o += v.len;
        }
        return cmd === 0 ? `REMOTE_CALL node ${node}, method "${name.text}", argc ${argc}: ${vals.join(", ")}` : `REMOTE_SET node ${node}, property "${name.text}" = ${vals.join(", ")}`;
      }
      case 2: {
        const id = buf.readUInt32LE(1);
        const path = cstr(buf, 5).text;
        paths(from).set(id, path);
        return `SIMPLIFY_PATH cache id ${id}, path "${path}"`;
      }
      case 3:
        return `CONFIRM_PATH path "${cstr(buf, 1).text}"`;
      case 4:
        return `RAW ${buf.subarray(1).toString("hex")}`;
    }
    return `command ${cmd}?`;
  }

  return function describe(msg, session) {
    const buf = Buffer.from(msg.hex, "hex");
    const conn = session.conns.get(msg.conn);
    if (buf.length < 9) return `(shorter than the 9-byte header)`;
    const type = buf[0];
    const from = buf.readInt32LE(1);
    const to = buf.readInt32LE(5);
    const head = `[${SYS[type] ?? type} from ${from} to ${to}]`;
    if (type !== 0) {
      const id = buf.length >= 13 ? buf.readInt32LE(9) : null;
      if (type === 3 && conn.peerId === null) {
        conn.peerId = id;
        session.peers[msg.conn] = id;
      }
      return `${head} ${SYS[type]}(${id})`;
    }
    return `${head} ${payload(buf.subarray(9), from)}`;
  };
}
