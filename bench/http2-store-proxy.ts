import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

/** Connection-level headers, which HTTP/2 forbids. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade"]);

const withoutHopByHop = (headers: http.IncomingHttpHeaders) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !name.startsWith(":") && !HOP_BY_HOP.has(name)));

/**
 * An HTTP/2 reverse proxy (TLS, with a certificate made for the run) in front of the store, as a
 * CDN or nginx is in production: a browser then fetches a screen's thumbnails all at once, not six
 * at a time. The browser's Host is passed on, so the store checks each signature against the name
 * the URL was signed for.
 */
export async function startHttp2StoreProxy(storeEndpoint: string, port: number) {
  const dir = mkdtempSync(path.join(tmpdir(), "photo-backup-h2-"));
  const [keyPath, certPath] = [path.join(dir, "key.pem"), path.join(dir, "cert.pem")];
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
      .concat(["-addext", "subjectAltName=IP:127.0.0.1", "-keyout", keyPath, "-out", certPath]),
    { stdio: "ignore" },
  );
  const store = new URL(storeEndpoint);
  const server = http2.createSecureServer({ key: readFileSync(keyPath), cert: readFileSync(certPath), allowHTTP1: true }, (request, response) => {
    const upstream = http.request(
      {
        host: store.hostname,
        port: store.port,
        method: request.method,
        path: request.url,
        headers: { ...withoutHopByHop(request.headers), host: request.authority || request.headers.host },
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, withoutHopByHop(answer.headers));
        answer.pipe(response);
      },
    );
    upstream.on("error", () => {
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    origin: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
