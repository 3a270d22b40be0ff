import type { DialectName, Payload } from "@wsmp/adapter-browser";
import type { PublicInfo } from "../shared/admin-types.js";
import { decodeApp, encodeChat, encodePing, encodePosition } from "../shared/app-protocol.js";
import { Board } from "./board.js";
import { Chat } from "./chat.js";
import { peerColor } from "./colors.js";
import { byId } from "./dom.js";
import { PacketLog } from "./packet-log.js";
import { PeerList } from "./peer-list.js";
import { openSession, type PlaySession } from "./play-session.js";
import { sessionOfUrl, startSessionList } from "./session-list.js";
import { Stats } from "./stats.js";
import { createWireDescriber } from "./wire-describe.js";

/** Position updates per second while the dot moves. */
const POSITION_HZ = 20;
/** A still dot is re-sent this often, so peers that joined late see it. */
const POSITION_REFRESH_MS = 1000;
const PING_MS = 1000;
const FRAME_MS = 16;

function payloadSize(data: Payload): number {
  return typeof data === "string" ? new TextEncoder().encode(data).byteLength : data.byteLength;
}

/**
 * The session view: connect panel, peers, canvas, chat, stats and packet log, wired to one
 * connection at a time. Query parameters `url`, `dialect`, `protocols` and `connect=0` override
 * the defaults (the page's own server, its dialect, and connecting at once); `session` picks the
 * session on the page's own server (the lobby by default).
 */
export function startPlayView(info: PublicInfo | undefined): void {
  const params = new URLSearchParams(location.search);
  const urlInput = byId<HTMLInputElement>("url");
  const dialectSelect = byId<HTMLSelectElement>("dialect");
  const protocolsInput = byId<HTMLInputElement>("protocols");
  const connectButton = byId<HTMLButtonElement>("connect");
  const disconnectButton = byId<HTMLButtonElement>("disconnect");
  const status = byId("status");
  const selfIdText = byId("self-id");
  const selfSwatch = byId("self-swatch");

  const ownServer = (session: string): string => `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/${session === "lobby" ? "" : encodeURIComponent(session)}`;
  urlInput.value = params.get("url") ?? ownServer(params.get("session") ?? "lobby");
  dialectSelect.value = params.get("dialect") ?? info?.dialect ?? "godot4";
  protocolsInput.value = params.get("protocols") ?? info?.protocols.join(", ") ?? "";

  let session: PlaySession | undefined;
  let connected = false;
  let dirty = false;
  let lastSent = 0;
  let describe = createWireDescriber("godot4");

  const setStatus = (state: string, text: string): void => {
    status.dataset["status"] = state;
    status.textContent = text;
  };

  const board = new Board(byId<HTMLCanvasElement>("board"), () => {
    dirty = true;
  });
  const chat = new Chat(
    {
      log: byId("chat-log"),
      form: byId("chat-form"),
      mode: byId("chat-mode"),
      target: byId("chat-target"),
      text: byId("chat-text"),
      button: byId("chat-send"),
    },
    (text, to) => send(session?.dialect === "raw" ? text : encodeChat(text), to),
  );
  const peers = new PeerList(byId("peers"), byId("peer-count"), (ids) => chat.setPeers(ids), (id) => board.dots.get(id));
  const stats = new Stats(byId("charts"));
  const log = new PacketLog(byId("packet-log"), byId("log-pause"), byId("log-clear"));

  function send(payload: Uint8Array | string, to: number): boolean {
    if (!session || !connected) return false;
    try {
      session.send(payload, to);
      return true;
    } catch (error) {
      chat.notice(`not sent: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }

  function sendPosition(now: number): void {
    const own = board.own();
    if (!own || !connected) return;
    if (!dirty && now - lastSent < POSITION_REFRESH_MS) return;
    // Positions go to everyone (broadcast routing); in raw mode to the server, the only peer there is.
    if (send(encodePosition(own.x, own.y), 0)) {
      dirty = false;
      lastSent = now;
      peers.position(board.selfId);
    }
  }

  function onMessage(from: number, payload: Uint8Array | string): void {
    const message = decodeApp(payload);
    switch (message.kind) {
      case "position":
        if (from === board.selfId) return;
        board.set(from, message.x, message.y);
        peers.position(from);
        break;
      case "pong":
        stats.roundTripTime(performance.now() - message.sent);
        stats.serverPeerCount(message.peerCount);
        break;
      case "chat":
        chat.received(from, message.text);
        break;
      default:
        break;
    }
  }

  function reset(): void {
    connected = false;
    board.clear();
    board.selfId = -1;
    peers.selfId = -1;
    peers.clear();
    chat.setEnabled(false);
    connectButton.disabled = false;
    disconnectButton.disabled = true;
    selfIdText.textContent = "-";
    selfSwatch.style.background = "";
  }

  function connect(): void {
    session?.close();
    reset();
    const dialect = dialectSelect.value as DialectName;
    const protocols = protocolsInput.value
      .split(",")
      .map((p) => p.trim())
      .filter((p) => p.length > 0);
    describe = createWireDescriber(dialect);
    setStatus("connecting", `connecting to ${urlInput.value} (${dialect})…`);
    connectButton.disabled = true;
    disconnectButton.disabled = false;
    let current: PlaySession | undefined;
    try {
      current = openSession(urlInput.value.trim(), dialect, protocols, {
        connected(selfId) {
          if (session !== current) return;
          connected = true;
          board.selfId = peers.selfId = selfId;
          selfIdText.textContent = String(selfId);
          selfSwatch.style.background = peerColor(selfId);
          setStatus("connected", `connected as ${selfId} (${dialect}${current?.client.getSelectedProtocol() ? `, ${current.client.getSelectedProtocol()}` : ""})`);
          peers.add(selfId);
          if (dialect === "raw") peers.add(1);
          board.set(selfId, 0.1 + Math.random() * 0.8, 0.1 + Math.random() * 0.8);
          dirty = true;
          chat.setEnabled(true, current?.routes ?? false);
        },
        peerJoined(id) {
          if (session !== current) return;
          peers.add(id);
          dirty = true; // the newcomer should see our dot at once
        },
        peerLeft(id) {
          if (session !== current) return;
          peers.remove(id);
          board.remove(id);
        },
        message: (from, payload) => {
          if (session === current) onMessage(from, payload);
        },
        ended(end) {
          if (session !== current) return;
          session = undefined;
          reset();
          if (end.failed) setStatus("failed", `connection failed: ${end.message}`);
          else setStatus("closed", `disconnected (code ${end.code}${end.reason ? `, "${end.reason}"` : ""})`);
        },
        wire: {
          received(data: Payload) {
            stats.received(payloadSize(data));
            log.add("in", data, describe("in", data));
          },
          sent(data: Payload) {
            stats.sent(payloadSize(data));
            log.add("out", data, describe("out", data));
          },
        },
      });
      session = current;
    } catch (error) {
      reset();
      setStatus("failed", `cannot connect: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  byId<HTMLFormElement>("connect-form").addEventListener("submit", (event) => {
    event.preventDefault();
    connect();
  });
  disconnectButton.addEventListener("click", () => session?.close());
  startSessionList(
    { list: byId("sessions"), form: byId<HTMLFormElement>("session-form"), name: byId<HTMLInputElement>("session-name") },
    (name) => {
      urlInput.value = ownServer(name);
      connect();
    },
    () => (session ? sessionOfUrl(urlInput.value) : ""),
  );

  setInterval(() => {
    if (session) stats.queueDepth(session.pump());
    board.draw();
  }, FRAME_MS);
  setInterval(() => sendPosition(performance.now()), 1000 / POSITION_HZ);
  setInterval(() => {
    if (connected) send(encodePing(performance.now()), 1);
  }, PING_MS);
  setInterval(() => stats.sample(connected), 1000);

  if (params.get("connect") !== "0") connect();
  else setStatus("disconnected", "not connected");
}

