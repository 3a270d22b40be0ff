import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const BUNDLE_PATH = join(packageRoot, "dist", "wsmp-browser.js");

/**
 * The test page: the single-file bundle loaded by a plain module script, no bundler and no
 * import map, then the control object the tests drive.
 */
const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>wsmp browser client</title></head>
<body>
<script type="module">
import * as wsmp from "/wsmp-browser.js";
window.wsmp = wsmp;
await import("/control.js");
window.wsmpReady = true;
</script>
</body></html>
`;

async function controlScript(): Promise<string> {
  const result = await build({
    entryPoints: [join(packageRoot, "test", "page", "control.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "warning",
  });
  return result.outputFiles[0]!.text;
}

export interface StaticServer {
  readonly url: string;
  /** Serves `body` as an HTML page at `path` from now on. */
  addPage(path: string, body: string): void;
  close(): Promise<void>;
}

/** Serves the page, the bundle and the control script on 127.0.0.1 (ephemeral port). */
export async function startStaticServer(): Promise<StaticServer> {
  const files = new Map<string, { body: string | Buffer; type: string }>([
    ["/", { body: PAGE, type: "text/html; charset=utf-8" }],
    ["/wsmp-browser.js", { body: await readFile(BUNDLE_PATH), type: "text/javascript; charset=utf-8" }],
    ["/wsmp-browser.js.map", { body: await readFile(`${BUNDLE_PATH}.map`), type: "application/json" }],
    ["/control.js", { body: await controlScript(), type: "text/javascript; charset=utf-8" }],
  ]);
  const server: Server = createServer((request, response) => {
    const file = files.get((request.url ?? "/").split("?")[0]!);
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": file.type, "cache-control": "no-store" }).end(file.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    addPage(path, body) {
      files.set(path, { body, type: "text/html; charset=utf-8" });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
