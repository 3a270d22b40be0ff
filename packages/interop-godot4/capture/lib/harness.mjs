// Capture harness shared by the Godot 4 and Godot 3 capture scripts.
//
// A Session runs one real Godot server and its clients on 127.0.0.1. Every client connects
// through a recording WebSocket proxy (one upstream connection to the server per client), so
// every message is seen with its connection ("A", "B", ...), its direction ("c2s" = client to
// server, "s2c" = server to client) and a global order. Each Godot process also connects to a
// control port: the session sends it commands (call a method on a node) and receives its
// reports ("DONE", "CALL ...", "EVT ..."). Engine errors come from stdout/stderr.
//
// A step = one command + a wait until the network and the processes have been quiet for a
// while; every message and log line seen meanwhile is attributed to that step.

import { spawn, execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync, readFileSync } from "node:fs";
import { createServer as createNetServer } from "node:net";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const require = createRequire(join(REPO, "packages/adapter-node/package.json"));
const { WebSocketServer, WebSocket } = require("ws");

const HOST = "127.0.0.1";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Removes every temporary directory and kills every process this module started, on any exit. */
const cleanup = { dirs: new Set(), children: new Set() };
function cleanupNow() {
  for (const child of cleanup.children) {
    try {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    } catch {}
  }
  for (const dir of cleanup.dirs) rmSync(dir, { recursive: true, force: true });
}
process.on("exit", cleanupNow);
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(130));

export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanup.dirs.add(dir);
  return dir;
}

/** GODOT4 first, then <repo>/../shared/godot4/godot4-4.6-dev-linux-x86_64.xz unpacked to a temp dir. */
export function findGodot4() {
  if (process.env.GODOT4) return process.env.GODOT4;
  const xz = resolve(REPO, "../shared/godot4/godot4-4.6-dev-linux-x86_64.xz");
  if (!existsSync(xz)) throw new Error(`no Godot 4: set GODOT4 or provide ${xz}`);
  const dir = tempDir("wsmp-capture-godot4-bin-");
  const bin = join(dir, "godot4");
  writeFileSync(bin, execFileSync("xz", ["-dc", xz], { maxBuffer: 1 << 30 }));
  execFileSync("chmod", ["+x", bin]);
  return bin;
}

export function findGodot3() {
  return process.env.GODOT3_BIN ?? "godot3-server";
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createNetServer();
    probe.once("error", reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

/** Log lines worth keeping: engine errors/warnings. (Noise of a fresh project copy is dropped.) */
const NOISE = [/Could not load global script cache/, /Falling back to dummy PhysicsServer2D/, /at: (get_global_class_list|initialize_physics)/];

export class Session {
  /**
   * @param {object} o
   * @param {string} o.bin engine binary
   * @param {string} o.project project directory (copied to a temp dir before running)
   * @param {string[]} o.baseArgs arguments before `--` (e.g. ["--headless"]) for Godot 4
   * @param {(msg, ctx) => string} o.describe packet decoder for notes
   */
  constructor({ bin, project, baseArgs = [], describe, settleMs = 350 }) {
    this.bin = bin;
    this.baseArgs = baseArgs;
    this.describe = describe;
    this.settleMs = settleMs;
    this.projectCopy = join(tempDir("wsmp-capture-project-"), "project");
    cpSync(project, this.projectCopy, { recursive: true });
    this.procs = new Map(); // role -> { child, ctlSocket, lines, buf }
    this.messages = [];
    this.steps = [];
    this.current = { label: "setup", logs: [] };
    this.steps.push(this.current);
    this.lastActivity = Date.now();
    this.seq = 0;
    this.cmdSeq = 0;
    this.waiters = [];
    this.conns = new Map(); // label -> { client ws, upstream ws, peerId }
    this.rules = [];
    this.peers = { server: 1 };
  }

  async start() {
    this.serverPort = await freePort();
    this.ctlServer = createNetServer((sock) => this._onCtl(sock));
    await new Promise((r) => this.ctlServer.listen(0, HOST, r));
    this.ctlPort = this.ctlServer.address().port;
    this.proxy = new WebSocketServer({ host: HOST, port: 0 });
    await new Promise((r) => this.proxy.once("listening", r));
    this.proxyPort = this.proxy.address().port;
    this.proxy.on("connection", (ws) => this._onProxyConnection(ws));
  }

  _onCtl(sock) {
    let buf = "";
    let role = null;
    sock.setEncoding("utf8");
    sock.on("data", (chunk) => {
      buf += chunk;
      let nl;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (role === null && line.startsWith("HELLO ")) {
          role = line.slice(6).trim();
        }
        const name = this._roleName(sock, line);
        this._report(name, line);
      }
    });
    sock.on("error", () => {});
  }

  _roleName(sock, line) {
    if (sock.roleName) return sock.roleName;
    // HELLO arrives first; the process that was started last and has no socket yet owns it.
    for (const [name, p] of this.procs) {
      if (!p.ctlSocket && line.startsWith("HELLO")) {
        p.ctlSocket = sock;
        sock.roleName = name;
        return name;
      }
    }
    return "?";
  }

  _report(name, line) {
    this.lastActivity = Date.now();
    if (/^(CALL|EVT|SET) /.test(line)) this.current.logs.push(`${name}: ${line}`);
    for (const w of [...this.waiters]) {
      if (w.name === name && w.test(line)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  }

  waitFor(name, test, timeoutMs = 10_000) {
    const pred = typeof test === "string" ? (l) => l.startsWith(test) : test;
    return new Promise((resolveWait, reject) => {
      const w = { name, test: pred, resolve: (l) => (clearTimeout(t), resolveWait(l)) };
      const t = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        reject(new Error(`timeout waiting for ${name}: ${test}\n${this.dumpTail()}`));
      }, timeoutMs);
      this.waiters.push(w);
    });
  }

  dumpTail() {
    return [...this.procs].map(([n, p]) => `--- ${n}\n${p.output.slice(-40).join("\n")}`).join("\n");
  }

  /** Starts a Godot process. `args` go after `--`. Clients connect to the proxy. */
  async launch(name, role, extra = {}, argsPrefix = []) {
    const home = tempDir("wsmp-capture-home-");
    for (const d of ["data", "config", "cache"]) mkdirSync(join(home, d));
    const port = role === "server" ? this.serverPort : this.proxyPort;
    const userArgs = { role, port, ctl: this.ctlPort, ...extra };
    const argv = [...this.baseArgs, "--path", this.projectCopy, ...argsPrefix, "--", ...Object.entries(userArgs).map(([k, v]) => `${k}=${v}`)];
    const child = spawn(this.bin, argv, {
      env: { ...process.env, HOME: home, XDG_DATA_HOME: join(home, "data"), XDG_CONFIG_HOME: join(home, "config"), XDG_CACHE_HOME: join(home, "cache"), LANG: "en_US.UTF-8", LC_ALL: "en_US.UTF-8" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    cleanup.children.add(child);
    const p = { child, ctlSocket: null, output: [] };
    this.procs.set(name, p);
    for (const stream of [child.stdout, child.stderr]) {
      let buffered = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk) => {
        buffered += chunk;
        const lines = buffered.split("\n");
        buffered = lines.pop();
        for (const raw of lines) {
          const line = raw.trimEnd();
          p.output.push(line);
          if (process.env.CAPTURE_VERBOSE) console.log(`[${name}] ${line}`);
          if (/^(SCRIPT )?(ERROR|WARNING):|^\s+at: |^FATAL/i.test(line) && !NOISE.some((re) => re.test(line))) {
            this.lastActivity = Date.now();
            // Keep the "at:" line only as a suffix of the error it belongs to.
            if (/^\s+at: /i.test(line)) {
              const logs = this.current.logs;
              const last = logs[logs.length - 1];
              if (last && last.startsWith(`${name}: `) && /(ERROR|WARNING):/.test(last) && !last.includes(" @ ")) {
                logs[logs.length - 1] = `${last} @ ${line.trim().slice(4)}`;
              }
            } else {
              this.current.logs.push(`${name}: ${line}`);
            }
          }
        }
      });
    }
    child.on("exit", (code, signal) => {
      cleanup.children.delete(child);
      p.exited = { code, signal };
    });
    const hello = this.waitFor(name, "HELLO", 20_000);
    await hello;
    return p;
  }

  _onProxyConnection(client) {
    const label = String.fromCharCode(65 + this.conns.size); // A, B, C...
    const upstream = new WebSocket(`ws://${HOST}:${this.serverPort}`);
    const conn = { label, client, upstream, pending: [], peerId: null };
    this.conns.set(label, conn);
    upstream.on("open", () => {
      for (const [data, isBinary] of conn.pending) upstream.send(data, { binary: isBinary });
      conn.pending = null;
    });
    client.on("message", (data, isBinary) => {
      this._forward(conn, "c2s", Buffer.from(data), isBinary);
    });
    upstream.on("message", (data, isBinary) => {
      this._forward(conn, "s2c", Buffer.from(data), isBinary);
    });
    client.on("close", () => upstream.readyState <= 1 && upstream.close());
    upstream.on("close", () => client.readyState <= 1 && client.close());
    client.on("error", () => {});
    upstream.on("error", () => {});
  }

  _deliver(conn, dir, data, isBinary) {
    if (dir === "c2s") {
      if (conn.pending) conn.pending.push([data, isBinary]);
      else if (conn.upstream.readyState === 1) conn.upstream.send(data, { binary: isBinary });
    } else if (conn.client.readyState === 1) conn.client.send(data, { binary: isBinary });
  }

  _forward(conn, dir, data, isBinary, injected = false) {
    this.lastActivity = Date.now();
    let out = data;
    let proxyNote = injected ? "[injected by the capture proxy] " : "";
    for (const rule of this.rules) {
      if (rule.conn !== conn.label || rule.dir !== dir || rule.remaining === 0 || !rule.match(data)) continue;
      if (rule.remaining > 0) rule.remaining--;
      if (rule.action === "drop") {
        out = null;
        proxyNote += "[dropped by the capture proxy, never delivered] ";
      } else {
        out = rule.rewrite(data);
        proxyNote += `[rewritten by the capture proxy, original ${data.toString("hex")}] `;
      }
      break;
    }
    const shown = out ?? data;
    const msg = { seq: ++this.seq, conn: conn.label, dir, hex: shown.toString("hex") };
    if (!isBinary) msg.text = true;
    let note;
    try {
      note = this.describe(msg, this);
    } catch (e) {
      note = `(decode failed: ${e.message})`;
    }
    msg.note = `${this.current.label}: ${proxyNote}${note}`;
    msg.step = this.steps.indexOf(this.current);
    this.messages.push(msg);
    if (out) this._deliver(conn, dir, out, isBinary);
  }

  /** Sends bytes on a connection as if they came from that side. */
  inject(connLabel, dir, hex) {
    const conn = this.conns.get(connLabel);
    this._forward(conn, dir, Buffer.from(hex.replace(/\s+/g, ""), "hex"), true, true);
  }

  /** A drop/rewrite rule: { conn, dir, match(buf) => bool, action: "drop"|"rewrite", rewrite(buf) => buf, remaining } */
  addRule(rule) {
    this.rules.push({ remaining: -1, ...rule });
  }

  clearRules() {
    this.rules.length = 0;
  }

  beginStep(label, extra = {}) {
    this.current = { label, logs: [], ...extra };
    this.steps.push(this.current);
  }

  /** Sends one command: node path (or "@"), method, argument list as var_to_str text. */
  async command(name, path, method, argsText = "[]") {
    const seq = ++this.cmdSeq;
    const p = this.procs.get(name);
    const text = this.substitute(argsText);
    const done = this.waitFor(name, `DONE ${seq} `, 15_000);
    p.ctlSocket.write(`${seq}\t${this.substitute(path)}\t${method}\t${text}\n`);
    const line = await done;
    return line.slice(`DONE ${seq} `.length);
  }

  /** "$A" etc. in arguments become the peer ids. */
  substitute(text) {
    return text.replace(/\$([A-Z]|server)\b/g, (_, k) => String(this.peers[k]));
  }

  async quiet(ms = this.settleMs, maxMs = 8000) {
    const start = Date.now();
    await sleep(30);
    while (Date.now() - this.lastActivity < ms && Date.now() - start < maxMs) await sleep(20);
  }

  /**
   * One step: label, actor, then the call. `action` is shown in the fixture as written (with
   * $A/$B replaced).
   */
  async step(label, actor, path, method, argsText = "[]", { settle, wait } = {}) {
    const shown = `${actor}: ${path === "@" ? "" : `get_node("/root/${this.substitute(path)}").`}${method}(${this.substitute(argsText).replace(/^\[|\]$/g, "").trim()})`;
    this.beginStep(label, { action: shown });
    const result = await this.command(actor, path, method, argsText);
    if (result !== "null") this.current.result = result;
    if (wait) await sleep(wait);
    await this.quiet(settle);
    return result;
  }

  async stepInject(label, connLabel, dir, hex, { settle } = {}) {
    this.beginStep(label, { action: `proxy injects on ${connLabel} ${dir}: ${hex.replace(/\s+/g, "")}` });
    this.inject(connLabel, dir, hex);
    await this.quiet(settle);
  }

  async close() {
    this.beginStep("shutdown (control connections closed, engines quit)");
    for (const p of this.procs.values()) p.ctlSocket?.end();
    await sleep(300);
    for (const p of this.procs.values()) {
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    }
    await Promise.all([...this.procs.values()].map((p) => (p.exited ? null : new Promise((r) => p.child.once("exit", r)))));
    for (const c of this.conns.values()) {
      c.client.terminate?.();
      c.upstream.terminate?.();
    }
    await new Promise((r) => this.proxy.close(r));
    await new Promise((r) => this.ctlServer.close(r));
  }

  fixture({ engine, scenario, description, script, omit = {} }) {
    const steps = this.steps
      .map((s, i) => ({ i, s }))
      .filter(({ s, i }) => i === 0 || s.label)
      .map(({ s, i }) => {
        const out = { step: i, label: s.label };
        if (s.action) out.action = s.action;
        if (s.result) out.result = s.result;
        const keep = omit[s.label];
        out.log = keep && s.logs.length > keep * 2 ? [...s.logs.slice(0, keep), `(${s.logs.length - keep * 2} similar lines left out)`, ...s.logs.slice(-keep)] : s.logs;
        return out;
      });
    let messages = [];
    for (const [stepIndex, group] of groupBy(this.messages, (m) => m.step)) {
      const keep = omit[this.steps[stepIndex].label];
      if (keep && group.length > keep * 2) {
        messages.push(...group.slice(0, keep));
        messages.push({ omitted: group.length - keep * 2, note: `${this.steps[stepIndex].label}: ${group.length - keep * 2} similar messages left out of the fixture` });
        messages.push(...group.slice(-keep));
      } else messages.push(...group);
    }
    messages = messages.map(({ step, ...m }) => m);
    return { engine, scenario, description, peers: this.peers, script, steps, messages };
  }
}

function groupBy(list, key) {
  const map = new Map();
  for (const item of list) {
    const k = key(item);
    if (!map.has(k)) map.set(k, []);
    map.get(k).push(item);
  }
  return map;
}

/** JSON with one line per step and per message, so fixtures read (and diff) line by line. */
export function writeFixture(path, data) {
  const lines = ["{"];
  const keys = Object.keys(data);
  keys.forEach((key, i) => {
    const comma = i < keys.length - 1 ? "," : "";
    const value = data[key];
    if (Array.isArray(value)) {
      lines.push(`  ${JSON.stringify(key)}: [`);
      value.forEach((item, j) => lines.push(`    ${JSON.stringify(item)}${j < value.length - 1 ? "," : ""}`));
      lines.push(`  ]${comma}`);
    } else {
      lines.push(`  ${JSON.stringify(key)}: ${JSON.stringify(value)}${comma}`);
    }
  });
  lines.push("}");
  const text = lines.join("\n") + "\n";
  JSON.parse(text);
  writeFileSync(path, text);
  console.log(`wrote ${path.slice(REPO.length + 1)} (${data.messages.length} messages)`);
}

export function readSources(dir, files) {
  return files.map((f) => `# ---- ${f}\n${readFileSync(join(dir, f), "utf8").trim()}\n`).join("\n");
}

export { sleep };
