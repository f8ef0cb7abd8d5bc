import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ExporterDefinition } from "../contracts/component-definition.js";
import type { Exporter, ExportRequest } from "../contracts/exporter.js";
import type { ExportResult } from "../contracts/export-result.js";
import { validateOptions } from "../registry/validate-options.js";
import { check, type ConformanceCheck } from "./conformance-check.js";

/** Options of {@link exporterConformance}. */
export interface ExporterConformanceOptions {
  /**
   * Options that make the exporter send to `url` (a local HTTP endpoint the suite starts) and
   * carry `secret` somewhere it must never be echoed (a header, a token).
   */
  readonly optionsFor: (url: string, secret: string) => Record<string, unknown>;
}

const SECRET = "conformance-secret-7f3a9c";
const REQUEST: ExportRequest = { body: '{"id":"conf-1"}\n', contentType: "application/x-ndjson", eventCount: 1 };

/**
 * The checks every HTTP-based exporter passes, built-in or third-party: results instead of
 * exceptions, the status classes mapped to success / retryable / failure, `Retry-After`, abort,
 * `close()`, and no secret in any reason. Each check starts its own endpoint on 127.0.0.1.
 *
 * @example
 * ```ts
 * import { exporterConformance } from "@hookline/core/testing";
 * for (const c of exporterConformance(myExporterDefinition, { optionsFor: (url, token) => ({ url, token }) })) it(c.name, c.run);
 * ```
 */
export function exporterConformance(definition: ExporterDefinition<never>, settings: ExporterConformanceOptions): ConformanceCheck[] {
  const withEndpoint = async (respond: (res: ServerResponse) => void, body: (exporter: Exporter, url: string) => Promise<void>): Promise<void> => {
    const server: Server = createServer((req, res) => {
      req.resume();
      req.on("end", () => respond(res));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/logs?token=${SECRET}`;
    const exporter = create(url);
    try {
      await body(exporter, url);
    } finally {
      await exporter.close?.();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  };
  const create = (url: string): Exporter => {
    const options = validateOptions(definition as never, settings.optionsFor(url, SECRET));
    return (definition.create as (o: Record<string, unknown>, c: { callbackName: string }) => Exporter)(options, { callbackName: "conformance" });
  };
  const send = (exporter: Exporter, signal = new AbortController().signal): Promise<ExportResult> => exporter.export(REQUEST, { signal });
  const noSecret = (result: ExportResult): void => {
    if (result.kind !== "success") check(!result.reason.includes(SECRET), `a reason contains the secret: ${result.reason.replace(SECRET, "<secret>")}`);
  };
  const answering = (status: number, headers: Record<string, string> = {}) => (res: ServerResponse) => res.writeHead(status, headers).end("nope");

  return [
    {
      name: "is an exporter definition of specification version 1",
      run() {
        check(definition.kind === "exporter", `kind must be "exporter", got ${String(definition.kind)}`);
        check(definition.specificationVersion === 1, "specificationVersion must be 1");
        check(typeof definition.type === "string" && definition.type.length > 0, "type must be a non-empty string");
        check(typeof definition.create === "function", "create must be a function");
      },
    },
    {
      name: "2xx is a success",
      run: () =>
        withEndpoint(answering(202), async (exporter) => {
          const result = await send(exporter);
          check(result.kind === "success", `expected success for 202, got ${result.kind}`);
        }),
    },
    {
      name: "503 and 429 are retryable, with Retry-After in milliseconds, and reasons hold no secret",
      run: () =>
        withEndpoint(answering(429, { "Retry-After": "7" }), async (exporter) => {
          const result = await send(exporter);
          check(result.kind === "retryable", `expected retryable for 429, got ${result.kind}`);
          check(result.retryAfterMs === 7000, `expected retryAfterMs 7000, got ${String(result.retryAfterMs)}`);
          check(result.status === 429, "expected status 429 on the result");
          noSecret(result);
        }).then(() =>
          withEndpoint(answering(503), async (exporter) => {
            const result = await send(exporter);
            check(result.kind === "retryable", `expected retryable for 503, got ${result.kind}`);
            noSecret(result);
          }),
        ),
    },
    {
      name: "other 4xx are failures, with their status, and reasons hold no secret",
      run: () =>
        withEndpoint(answering(400), async (exporter) => {
          const result = await send(exporter);
          check(result.kind === "failure" && result.status === 400, `expected failure with status 400, got ${result.kind}`);
          noSecret(result);
        }),
    },
    {
      name: "an unreachable endpoint is retryable, never a rejected promise",
      async run() {
        const server = createServer();
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        const port = (server.address() as AddressInfo).port;
        await new Promise<void>((resolve) => server.close(() => resolve()));
        const exporter = create(`http://127.0.0.1:${port}/logs?token=${SECRET}`);
        try {
          const result = await send(exporter);
          check(result.kind === "retryable", `expected retryable for a refused connection, got ${result.kind}`);
          noSecret(result);
        } finally {
          await exporter.close?.();
        }
      },
    },
    {
      name: "an aborted signal ends the attempt promptly as a non-success",
      run: () =>
        withEndpoint(() => {}, async (exporter) => {
          const controller = new AbortController();
          const pending = send(exporter, controller.signal);
          setTimeout(() => controller.abort(new Error("stop")), 20).unref();
          const result = await Promise.race([pending, new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), 2000).unref())]);
          check(result !== "hung", "the attempt did not end within 2 s of its signal being aborted");
          check(result.kind !== "success", "an aborted attempt must not be a success");
        }),
    },
    {
      name: "close() resolves, and can be called twice",
      async run() {
        const exporter = create("http://127.0.0.1:9/logs");
        await exporter.close?.();
        await exporter.close?.();
      },
    },
  ];
}
