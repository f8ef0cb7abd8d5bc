import type { PresetDefinition } from "@hookline/config";
import { describe, expect, it } from "vitest";
import { builtinPresets } from "./builtin-presets.js";
import { describePreset, displayEndpoint, displayTemplate, hooklineQuickStart, litellmConfigYaml } from "./describe-preset.js";
import { compareGeneratedFiles, GENERATED_BANNER, generatePresetDocs } from "./generate-preset-docs.js";

describe("displayTemplate and displayEndpoint", () => {
  it("show templates as $NAME, braced when a name character follows", () => {
    expect(displayTemplate("Bearer {{environment_variables.TOKEN}}")).toBe("Bearer $TOKEN");
    expect(displayTemplate("{{environment_variables.A}}_{{ environment_variables.B }}")).toBe("${A}_$B");
  });

  it("hide literal credentials in URLs, keep templates", () => {
    expect(displayEndpoint("https://user:s3cr3t@host/x?token=abc&type=t&api_key={{environment_variables.K}}")).toBe(
      "https://(hidden):(hidden)@host/x?token=(hidden)&type=t&api_key=$K",
    );
    expect(displayEndpoint("https://{{environment_variables.U}}:{{environment_variables.P}}@host/")).toBe("https://$U:$P@host/");
    expect(displayEndpoint("https://ghp_literaltoken@host/")).toBe("https://(hidden)@host/");
  });
});

describe("describePreset", () => {
  const thirdParty: PresetDefinition = {
    endpoint: "https://in.example.com/logs?key=literal-key-123",
    headers: { Authorization: "Bearer literal-token-456", "X-Team": "{{environment_variables.TEAM}}", "X-Api-Key": "{{environment_variables.KEY}}" },
    basic_auth: { username: "bob", password: "literal-password-789" },
    log_format_options: { api_token: "literal-option-token", index: "{{environment_variables.TEAM}}-logs" },
    environment_variables: ["TEAM", "KEY"],
    variables: { KEY: { description: "Key.", secret: true, example: "should-not-show" }, TEAM: { description: "Team.", default: "core" } },
  };

  it("never shows a literal credential or a secret's example", () => {
    const info = describePreset("third", thirdParty);
    const text = JSON.stringify(info) + litellmConfigYaml(info) + JSON.stringify(hooklineQuickStart(info));
    for (const secret of ["literal-key-123", "literal-token-456", "literal-password-789", "should-not-show", "literal-option-token"]) expect(text).not.toContain(secret);
    expect(info.headers).toEqual([
      { name: "Authorization", value: "(hidden)" },
      { name: "X-Team", value: "$TEAM" },
      { name: "X-Api-Key", value: "$KEY" },
    ]);
    expect(info.formatOptions).toEqual({ api_token: "(hidden)", index: "$TEAM-logs" });
    expect(info.variables).toEqual([
      { name: "TEAM", description: "Team.", required: false, secret: false, default: "core" },
      { name: "KEY", description: "Key.", required: true, secret: true },
    ]);
  });

  it("builds config snippets with placeholders, never values", () => {
    const info = describePreset("datadog_logs", builtinPresets()["datadog_logs"] as PresetDefinition);
    expect(litellmConfigYaml(info)).toBe(
      [
        "litellm_settings:",
        '  callbacks: ["datadog_logs"]',
        "environment_variables:",
        '  DD_API_KEY: "<DD_API_KEY>"   # secret',
        '  DD_SITE: "datadoghq.com"   # optional; default "datadoghq.com"',
        "",
      ].join("\n"),
    );
    expect(hooklineQuickStart(info).shell).toContain('export DD_API_KEY="<DD_API_KEY>"   # secret\n# export DD_SITE="datadoghq.com"');
  });
});

describe("generatePresetDocs", () => {
  const files = generatePresetDocs(builtinPresets());
  const page = (path: string): string => files.find((file) => file.path === path)?.content ?? "";

  it("writes index.md and one page per listed preset, sorted, each starting with the banner", () => {
    const listed = Object.entries(builtinPresets()).filter(([, preset]) => preset.docs?.show_in_docs !== false).map(([name]) => `${name}.md`);
    expect(files.map((file) => file.path)).toEqual([...listed, "index.md"].sort());
    expect(files.map((file) => file.path)).not.toContain("sample_callback.md");
    for (const file of files) expect(file.content.split("\n")[0], file.path).toBe(GENERATED_BANNER);
  });

  it("is deterministic", () => {
    expect(generatePresetDocs(builtinPresets())).toEqual(files);
  });

  it("documents a preset: links, events, variables with required/secret columns, headers as $VAR, format, limits, quick starts, notes", () => {
    const text = page("datadog_logs.md");
    expect(text).toContain("# Datadog Logs (`datadog_logs`)");
    expect(text).toContain("- API reference: <https://docs.datadoghq.com/api/latest/logs/#send-logs> (checked 2026-11-22)");
    expect(text).toContain("Every LLM call: `llm_api_success` and `llm_api_failure`.");
    expect(text).toContain("| Variable | Required | Secret | Description |");
    expect(text).toMatch(/\| `DD_API_KEY` \| yes \| yes \| Datadog API key/);
    expect(text).toMatch(/\| `DD_SITE` \| no \(default `datadoghq.com`\) \| no \| Your Datadog site/);
    expect(text).toContain("`POST https://http-intake.logs.$DD_SITE/api/v2/logs`");
    expect(text).toContain("| `DD-API-KEY` | `$DD_API_KEY` |");
    expect(text).toContain("| `max_batch_bytes` | 5,000,000 bytes (before compression) |");
    expect(text).toContain("## Quick start with hookline");
    expect(text).toContain('  callbacks: ["datadog_logs"]');
    expect(text).toContain("hookline run --config config.yaml");
    expect(text).toContain("## Quick start with a LiteLLM config.yaml");
    expect(text).toContain("## Notes");
    expect(page("rubrik.md")).toContain("LiteLLM ships this preset");
    expect(page("grafana_loki.md")).toContain("| `Authorization` | `Basic base64($LOKI_USERNAME:$LOKI_API_TOKEN)` (omitted when both are empty) |");
    expect(page("elasticsearch.md")).toContain("| `index` | `$ELASTICSEARCH_INDEX` |");
  });

  it("links every listed preset from the index", () => {
    const index = page("index.md");
    expect(index).toContain("| [`datadog_logs`](datadog_logs.md) | Datadog Logs | `json_array` | all | `DD_API_KEY` |");
    expect(index).toContain("| [`slack`](slack.md) | Slack | `chat_webhook` | failure | `SLACK_WEBHOOK_URL` |");
    expect(index).not.toContain("sample_callback");
  });

  it("never contains a placeholder template or a literal credential", () => {
    for (const file of files) expect(file.content, file.path).not.toContain("{{environment_variables.");
  });
});

describe("compareGeneratedFiles", () => {
  it("lists stale, missing and extra files", () => {
    const expected = [
      { path: "a.md", content: "A" },
      { path: "b.md", content: "B" },
      { path: "c.md", content: "C" },
    ];
    const actual = new Map([
      ["a.md", "A"],
      ["b.md", "old"],
      ["z.md", "Z"],
    ]);
    expect(compareGeneratedFiles(expected, actual)).toEqual({ stale: ["b.md"], missing: ["c.md"], extra: ["z.md"] });
  });
});
