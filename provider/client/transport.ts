import * as http from "node:http";
import * as https from "node:https";

/** One HTTP exchange, as the client needs it: a POST with a text body and a deadline. */
export interface HttpRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The whole exchange (connect, send, receive) must finish within this many milliseconds. */
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

/** Sends one request. Injected so tests can fail the network on purpose; the default is {@link nodeTransport}. */
export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

export type TransportFailure = "connect" | "reset" | "timeout" | "tooLarge";

/**
 * The network failed. `requestSent` tells whether the service may have received the request, which decides
 * whether a non-idempotent call can be retried blindly.
 */
export class TransportError extends Error {
  override name = "TransportError";
  constructor(
    readonly kind: TransportFailure,
    readonly requestSent: boolean,
    message: string,
    /** The system error code (ECONNRESET, ECONNREFUSED, ...), when there is one. */
    readonly code?: string,
  ) {
    super(message);
  }
}

const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 32 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 32 }),
};

/** The default transport: node:http(s) with keep-alive, a hard deadline and a cap on the response size. */
export const nodeTransport: Transport = (request) =>
  new Promise<HttpResponse>((resolve, reject) => {
    const url = new URL(request.url);
    const secure = url.protocol === "https:";
    const body = Buffer.from(request.body, "utf8");
    let sent = false;
    let settled = false;
    const fail = (e: TransportError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(e);
    };
    const req = (secure ? https : http).request(url, {
      method: "POST",
      agent: secure ? agents.https : agents.http,
      headers: { ...request.headers, "content-length": String(body.length) },
    });
    const timer = setTimeout(
      () => fail(new TransportError("timeout", sent, `no complete answer from ${url.host} within ${request.timeoutMs} ms`)),
      request.timeoutMs,
    );
    req.on("finish", () => (sent = true));
    req.on("error", (err: NodeJS.ErrnoException) => {
      const code = err.code ?? "";
      const beforeSend = !sent && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ERR_TLS|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED)/.test(code);
      fail(
        new TransportError(
          beforeSend ? "connect" : "reset",
          sent,
          `${beforeSend ? "could not reach" : "connection to"} ${url.host}${beforeSend ? "" : " failed"}: ${code || err.message}`,
          code || undefined,
        ),
      );
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        size += c.length;
        if (size > MAX_RESPONSE_BYTES) fail(new TransportError("tooLarge", true, `answer from ${url.host} exceeds ${MAX_RESPONSE_BYTES} bytes`));
        else chunks.push(c);
      });
      res.on("error", (err: NodeJS.ErrnoException) =>
        fail(new TransportError("reset", true, `connection to ${url.host} failed while reading the answer: ${err.code ?? err.message}`, err.code)),
      );
      res.on("aborted", () => fail(new TransportError("reset", true, `connection to ${url.host} closed before the answer was complete`, "ECONNRESET")));
      res.on("end", () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString("utf8") });
      });
    });
    req.end(body);
  });
