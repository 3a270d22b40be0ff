// Human-readable notes for Godot 4 SceneMultiplayer packets as seen by the capture proxy.
// The decoder keeps the node-path cache it sees on the wire (SIMPLIFY_PATH per sender and
// receiver), so a compact node id can be shown with the path it stands for.

import { decodeCompressed } from "./variant.mjs";

const cstr = (buf, off) => {
  const end = buf.indexOf(0, off);
  return { text: buf.toString("utf8", off, end < 0 ? buf.length : end), end: end < 0 ? buf.length : end + 1 };
};

export function makeDecoder4() {
  const cache = new Map(); // "sender>receiver" -> Map(id -> path)
  const paths = (s, r) => {
    const k = `${s}>${r}`;
    if (!cache.has(k)) cache.set(k, new Map());
    return cache.get(k);
  };

  function args(buf, off, end, argc) {
    const out = [];
    for (let i = 0; i < argc; i++) {
      const v = decodeCompressed(buf.subarray(0, end), off);
      out.push(v.text + (v.size ? `/${v.size}B` : ""));
      off += v.len;
    }
    if (off !== end) out.push(`(+${end - off} unread bytes)`);
    return out;
  }

  function state(buf, off, end) {
    const out = [];
    while (off < end) {
      const v = decodeCompressed(buf.subarray(0, end), off);
      out.push(v.text);
      off += v.len;
    }
    return out;
  }

  function netId(id, s, r) {
    if (id & 0x80000000) {
      const c = id & 0x7fffffff;
      return `0x${(id >>> 0).toString(16)} (path cache id ${c} = ${paths(s, r).get(c) ?? "?"})`;
    }
    return `${id}`;
  }

  function inner(buf, s, r) {
    const cmd = buf[0] & 7;
    switch (cmd) {
      case 0: {
        const meta = buf[0];
        const nodeSize = [1, 2, 4, 0][(meta >> 4) & 3];
        const nameSize = meta & 0x40 ? 2 : 1;
        const noArgs = (meta & 0x80) !== 0;
        if (nodeSize === 0) return `REMOTE_CALL meta=0x${meta.toString(16)}: node id size code 3 (invalid)`;
        if (buf.length < 1 + nodeSize + nameSize) return `REMOTE_CALL meta=0x${meta.toString(16).padStart(2, "0")} truncated (${buf.length} bytes)`;
        let o = 1;
        const node = nodeSize === 1 ? buf[o] : nodeSize === 2 ? buf.readUInt16LE(o) : buf.readUInt32LE(o);
        o += nodeSize;
        const method = nameSize === 1 ? buf[o] : buf.readUInt16LE(o);
        o += nameSize;
        let nodeText;
        let end = buf.length;
        if (nodeSize === 4 && node & 0x80000000) {
          const ofs = node & 0x7fffffff;
          end = ofs;
          nodeText = `path "${cstr(buf, ofs).text}" (0x${(node >>> 0).toString(16)}: path at offset ${ofs})`;
        } else {
          nodeText = `#${node} = ${paths(s, r).get(node) ?? "? (not simplified on this link)"}`;
        }
        const head = `REMOTE_CALL meta=0x${meta.toString(16).padStart(2, "0")} node ${nodeSize}B ${nodeText}, method id ${method} (${nameSize}B${method & 0x8000 ? ", bit 15 = node-level rpc_config" : ""})`;
        if (noArgs) {
          return o < end ? `${head}, single PackedByteArray arg raw: ${buf.subarray(o, end).toString("hex")}` : `${head}, no args`;
        }
        const argc = buf[o];
        return `${head}, argc ${argc}: ${args(buf, o + 1, end, argc).join(", ")}`;
      }
      case 1: {
        if (buf.length < 38) return `SIMPLIFY_PATH? only ${buf.length} bytes (Godot requires >= 38)`;
        const md5 = buf.toString("latin1", 1, 33);
        const id = buf.readUInt32LE(34);
        const path = cstr(buf, 38).text;
        paths(s, r).set(id, path);
        return `SIMPLIFY_PATH md5 ${md5}, cache id ${id}, path "${path}" (${s} -> ${r})`;
      }
      case 2: {
        const id = buf.readUInt32LE(2);
        return `CONFIRM_PATH ${buf[1] ? "checksum ok (1)" : "checksum FAILED (0)"}, cache id ${id} = ${paths(r, s).get(id) ?? "?"}`;
      }
      case 3:
        return `RAW ${buf.subarray(1).toString("hex")}`;
      case 4: {
        const sceneId = buf[1];
        const spawner = buf.readUInt32LE(2);
        const nid = buf.readUInt32LE(6);
        const syncCount = buf.readUInt32LE(10);
        const nameLen = buf.readUInt32LE(14);
        let o = 18;
        const syncIds = [];
        for (let i = 0; i < syncCount; i++, o += 4) syncIds.push(buf.readUInt32LE(o));
        const name = buf.toString("utf8", o, o + nameLen - 1);
        o += nameLen;
        let custom = "";
        if (sceneId === 255) {
          const size = buf.readUInt32LE(o);
          const v = decodeCompressed(buf.subarray(0, o + 4 + size), o + 4);
          custom = `, custom arg (${size} B): ${v.text}`;
          o += 4 + size;
        }
        return `SPAWN scene id ${sceneId}${sceneId === 255 ? " (custom)" : ""}, spawner cache id ${spawner} = ${paths(s, r).get(spawner) ?? "?"}, net id ${nid}, sync net ids [${syncIds.join(", ")}], name "${name}" (${nameLen} B incl. NUL)${custom}, spawn state: ${state(buf, o, buf.length).join(", ") || "none"}`;
      }
      case 5:
        return `DESPAWN net id ${buf.readUInt32LE(1)}`;
      case 6: {
        const recs = [];
        if (buf[0] & 0x10) {
          let o = 1;
          while (o + 16 <= buf.length) {
            const nid = buf.readUInt32LE(o);
            const idx = buf.readBigUInt64LE(o + 4);
            const size = buf.readUInt32LE(o + 12);
            recs.push(`[net id ${netId(nid, s, r)}, indexes 0b${idx.toString(2)}, ${size} B: ${state(buf, o + 16, o + 16 + size).join(", ")}]`);
            o += 16 + size;
          }
          return `SYNC delta (0x${buf[0].toString(16)}) ${recs.join(" ")}`;
        }
        const time = buf.readUInt16LE(1);
        let o = 3;
        while (o + 8 <= buf.length) {
          const nid = buf.readUInt32LE(o);
          const size = buf.readUInt32LE(o + 4);
          recs.push(`[net id ${netId(nid, s, r)}, ${size} B: ${state(buf, o + 8, o + 8 + size).join(", ")}]`);
          o += 8 + size;
        }
        return `SYNC time ${time} ${recs.join(" ")}`;
      }
      case 7: {
        const sub = buf[1];
        if (sub === 0) return buf.length === 2 ? "SYS AUTH completion" : `SYS AUTH data ${buf.subarray(2).toString("hex")}`;
        const id = buf.readInt32LE(2);
        if (sub === 1) return `SYS ADD_PEER ${id}`;
        if (sub === 2) return `SYS DEL_PEER ${id}`;
        if (sub === 3) return `SYS RELAY ${id}: ...`;
        return `SYS ${sub}`;
      }
    }
    return "?";
  }

  return function describe(msg, session) {
    const buf = Buffer.from(msg.hex, "hex");
    const conn = session.conns.get(msg.conn);
    if (msg.dir === "s2c" && conn.peerId === null) {
      conn.peerId = buf.readInt32LE(0);
      session.peers[msg.conn] = conn.peerId;
      return `peer id ${conn.peerId} (first message, int32 LE)`;
    }
    const me = conn.peerId;
    if (buf.length >= 6 && buf[0] === 7 && buf[1] === 3) {
      const other = buf.readInt32LE(2);
      const body = buf.subarray(6);
      if (msg.dir === "c2s") return `RELAY to ${other} [07 03 dest] + ${inner(body, me, other)}`;
      return `RELAY from ${other} [07 03 src] + ${inner(body, other, me)}`;
    }
    return msg.dir === "c2s" ? inner(buf, me, 1) : inner(buf, 1, me);
  };
}
