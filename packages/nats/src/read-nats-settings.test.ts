import { describe, expect, it } from "vitest";
import { readNatsSettings } from "./read-nats-settings.js";

describe("readNatsSettings", () => {
  it("has no settings without a section", () => {
    expect(readNatsSettings(undefined, {})).toEqual({ issues: [], warnings: [], secrets: [] });
  });

  it("resolves environment references, converts seconds and lists the secrets with their masks", () => {
    const result = readNatsSettings(
      { servers: "nats://a:4222,nats://b:4222", token: "os.environ/NATS_TOKEN", consume: "true", ack_wait: 45, max_ack_pending: "500", stream: "LOGS" },
      { NATS_TOKEN: "s3cret-token-value" },
    );
    expect(result.issues).toEqual([]);
    expect(result.settings).toEqual({
      servers: ["nats://a:4222", "nats://b:4222"],
      token: "s3cret-token-value",
      stream: "LOGS",
      consume: true,
      consumerPrefix: "hookline",
      ackWaitMs: 45_000,
      maxAckPending: 500,
    });
    expect(result.secrets).toContainEqual({ value: "s3cret-token-value", mask: "$NATS_TOKEN" });
  });

  it("names the key of each problem and never shows a credential or a value from the environment", () => {
    const result = readNatsSettings(
      { servers: "os.environ/NATS_URL", password: 12, user: "u", stream: "a.b", ack_wait: 0, max_ack_pending: 1.5, token: "os.environ/MISSING", typo: 1 },
      { NATS_URL: "http://hunter2@example" },
      "config.yaml",
    );
    expect(result.settings).toBeUndefined();
    expect(result.issues).toEqual([{ file: "config.yaml", path: "nats.token", message: "environment variable MISSING is not set" }]);
    expect(result.warnings.map((w) => w.path)).toEqual(["nats.typo"]);
    const second = readNatsSettings({ servers: "os.environ/NATS_URL", password: 12, user: "u", stream: "a.b", ack_wait: 0, max_ack_pending: 1.5 }, { NATS_URL: "http://hunter2@example" });
    expect(second.issues.map((issue) => issue.path).sort()).toEqual(["nats.ack_wait", "nats.max_ack_pending", "nats.password", "nats.servers.0", "nats.stream"]);
    const text = JSON.stringify(second.issues);
    expect(text).not.toContain("hunter2");
    expect(text).toContain("NATS_URL");
  });

  it("wants user and password together, and not with a token", () => {
    expect(readNatsSettings({ user: "u" }, {}).issues).toEqual([{ path: "nats.password", message: "user and password go together; set both or neither" }]);
    expect(readNatsSettings({ user: "u", password: "p", token: "t" }, {}).issues).toEqual([{ path: "nats.token", message: "set either token or user and password, not both" }]);
  });

  it("refuses a section that is not a mapping", () => {
    expect(readNatsSettings("nats://x", {}).issues).toEqual([{ path: "nats", message: "expected a mapping (servers, stream, subject, consume, ...)" }]);
  });
});
