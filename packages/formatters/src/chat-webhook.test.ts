import { createLogEvent, validateOptions } from "@hookline/core";
import type { LogEvent, StandardLoggingPayload } from "@hookline/core";
import { describe, expect, it } from "vitest";
import { CHAT_WEBHOOK_DEFAULT_TEMPLATE, DISCORD_CONTENT_LIMIT, chatWebhook, chatWebhookFormatter } from "./chat-webhook.js";

// Expected bodies: Slack incoming webhook {"text"}; Discord execute webhook {"content" (≤ 2000
// characters), "allowed_mentions": {"parse": []}}; Teams (incoming webhook / Workflows)
// {"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","contentUrl":null,"content":{AdaptiveCard}}]}.

const success: StandardLoggingPayload = {
  id: "chatcmpl-1",
  litellm_call_id: "call-1",
  status: "success",
  custom_llm_provider: "openai",
  model: "gpt-4o",
  response_cost: 0.00042,
  response_time: 1.23456789,
  endTime: 1700000001.5,
};

const failure: StandardLoggingPayload = {
  litellm_call_id: "call-2",
  status: "failure",
  custom_llm_provider: "anthropic",
  model: "claude-3-5-sonnet",
  response_cost: 0,
  response_time: 2.5,
  error_str: "litellm.RateLimitError: AnthropicException - rate limited\nTraceback (most recent call last):\n  File x",
  error_information: { error_class: "RateLimitError", error_code: "429" },
};

const event = (payload: StandardLoggingPayload): LogEvent => createLogEvent(payload);
const body = (events: LogEvent[], options = {}) => JSON.parse(chatWebhook(options).encode(events) as string) as Record<string, unknown>;

const FAILURE_LINE =
  "❌ LiteLLM failure: claude-3-5-sonnet (anthropic) · RateLimitError: litellm.RateLimitError: AnthropicException - rate limited Traceback (most recent call last): File x · $0 · 2.5s · call call-2";
const SUCCESS_LINE = "✅ LiteLLM success: gpt-4o (openai) · $0.00042 · 1.23457s · call call-1";

describe("chatWebhook", () => {
  it("slack: one {text} message, one line per event", () => {
    expect(chatWebhook().encode([event(failure)])).toBe(JSON.stringify({ text: FAILURE_LINE }));
    expect(body([event(failure), event(success)], { style: "slack" })).toEqual({ text: `${FAILURE_LINE}\n${SUCCESS_LINE}` });
  });

  it("discord: {content} with allowed_mentions parse [] so nobody is pinged", () => {
    expect(chatWebhook({ style: "discord" }).encode([event(failure)])).toBe(
      JSON.stringify({ content: FAILURE_LINE, allowed_mentions: { parse: [] } }),
    );
  });

  it("teams: an Adaptive Card message with one TextBlock per event line, failures in the attention color", () => {
    expect(body([event(failure), event(success)], { style: "teams" })).toEqual({
      type: "message",
      attachments: [
        {
          contentType: "application/vnd.microsoft.card.adaptive",
          contentUrl: null,
          content: {
            $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
            type: "AdaptiveCard",
            version: "1.2",
            msteams: { width: "Full" },
            body: [
              { type: "TextBlock", text: FAILURE_LINE, wrap: true, color: "attention" },
              { type: "TextBlock", text: SUCCESS_LINE, wrap: true },
            ],
          },
        },
      ],
    });
  });

  it("summarizes a batch beyond max_events_per_message as '… and N more'", () => {
    const events = Array.from({ length: 12 }, (_, i) => event({ ...failure, litellm_call_id: `c${i}` }));
    const text = body(events).text as string;
    const lines = text.split("\n");
    expect(lines).toHaveLength(11);
    expect(lines[9]).toContain("call c9");
    expect(lines[10]).toBe("… and 2 more");
    const teams = body(events, { style: "teams", max_events_per_message: 3 }) as { attachments: { content: { body: { text: string; isSubtle?: boolean }[] } }[] };
    const blocks = teams.attachments[0]!.content.body;
    expect(blocks).toHaveLength(4);
    expect(blocks[3]).toEqual({ type: "TextBlock", text: "… and 9 more", wrap: true, isSubtle: true });
  });

  it("discord: keeps content within 2000 characters by listing fewer events and counting the rest", () => {
    const long = "x".repeat(290);
    const events = Array.from({ length: 10 }, (_, i) => event({ ...failure, error_str: `${i} ${long}` }));
    const { content } = body(events, { style: "discord" }) as { content: string };
    expect(content.length).toBeLessThanOrEqual(DISCORD_CONTENT_LIMIT);
    const lines = content.split("\n");
    expect(lines.at(-1)).toMatch(/^… and \d+ more$/);
    expect(lines.length - 1 + Number(/and (\d+) more/.exec(lines.at(-1)!)![1])).toBe(10);
  });

  it("discord: truncates a single over-long line with an ellipsis, never splitting a surrogate pair", () => {
    const { content } = body([event({ error_str: "😀".repeat(3000) })], { style: "discord", template: "{{error_str}}", max_value_length: 10000 }) as {
      content: string;
    };
    expect(content.length).toBeLessThanOrEqual(DISCORD_CONTENT_LIMIT);
    expect(content.endsWith("…")).toBe(true);
    expect(content.slice(0, -1)).toBe("😀".repeat((content.length - 1) / 2));
  });

  it("neutralizes mentions in payload text: Slack control characters escaped, @everyone/@here broken up", () => {
    const payload = { ...failure, error_str: "@everyone @here <!channel> <!here> <@U123> & <b>ok</b>" };
    const slack = body([event(payload)], { template: "{{error_str}}" }).text as string;
    expect(slack).toBe("@\u200beveryone @\u200bhere &lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &amp; &lt;b&gt;ok&lt;/b&gt;");
    expect(slack).not.toMatch(/[<>]/);
    const discord = body([event(payload)], { style: "discord", template: "{{error_str}}" }) as { content: string; allowed_mentions: unknown };
    expect(discord.content).toBe("@\u200beveryone @\u200bhere <!channel> <!here> <@\u200bU123> & <b>ok</b>");
    expect(discord.allowed_mentions).toEqual({ parse: [] });
  });

  it("leaves the template's own text alone (only payload values are escaped)", () => {
    expect(body([event(failure)], { template: "<!here> {{model}} <https://grafana.example/d/llm|dashboard>" }).text).toBe(
      "<!here> claude-3-5-sonnet <https://grafana.example/d/llm|dashboard>",
    );
  });

  it("resolves {{field.path}}, {{event_type}} and {{status_icon}}; missing values render empty", () => {
    const text = body([event({ ...failure, metadata: { user_api_key_team_id: "team-42" } })], {
      template: "{{status_icon}} {{event_type}} team={{metadata.user_api_key_team_id}} user=[{{end_user}}] code={{error_information.error_code}}",
    }).text;
    expect(text).toBe("❌ llm_api_failure team=team-42 user=[] code=429");
  });

  it("renders {{#field}}…{{/field}} only when the field has a value and {{^field}}…{{/field}} only when it has none", () => {
    const template = "{{model}}{{#error_str}} failed: {{error_str}}{{/error_str}}{{^error_str}} ok{{/error_str}}{{#cache_hit}} (cached){{/cache_hit}}";
    expect(body([event({ model: "m", error_str: null, cache_hit: false })], { template }).text).toBe("m ok");
    expect(body([event({ model: "m", error_str: "boom", cache_hit: true })], { template }).text).toBe("m failed: boom (cached)");
  });

  it("puts each value on one line and cuts it at max_value_length", () => {
    const text = body([event({ error_str: "line1\n\n  line2\r\nline3\u2028line4" })], { template: "{{error_str}}" }).text;
    expect(text).toBe("line1 line2 line3 line4");
    expect(body([event({ error_str: "abcdefghij" })], { template: "[{{error_str}}]", max_value_length: 5 }).text).toBe("[abcd…]");
  });

  it("renders objects as JSON and rounds long fractions to 6 significant digits", () => {
    const text = body([event({ model_parameters: { temperature: 0.2 }, response_time: 0.123456789, total_tokens: 42 })], {
      template: "{{model_parameters}} {{response_time}} {{total_tokens}}",
    }).text;
    expect(text).toBe('{"temperature":0.2} 0.123457 42');
  });

  it("keeps unicode intact", () => {
    const payload = { ...failure, model: "模型-ü", error_str: "Ошибка 💥\nstack" };
    expect(body([event(payload)], { template: "{{model}}: {{error_str}}" }).text).toBe("模型-ü: Ошибка 💥 stack");
    expect((body([event(payload)], { style: "discord", template: "{{error_str}}" }) as { content: string }).content).toBe("Ошибка 💥 stack");
  });

  it("rejects a malformed template when the formatter is created", () => {
    expect(() => chatWebhook({ template: "{{#error_str}}x" })).toThrow(/never closed/);
    expect(() => chatWebhook({ template: "x{{/error_str}}" })).toThrow(/closes no section/);
    expect(() => chatWebhook({ template: "{{#a}}x{{/b}}" })).toThrow(/closes/);
    expect(() => chatWebhook({ template: "{{}}" })).toThrow(/empty placeholder/);
  });

  it("declares application/json and no batch limit: a whole batch becomes one message", () => {
    const formatter = chatWebhook({ style: "teams" });
    expect(formatter).toMatchObject({ type: "chat_webhook", contentType: "application/json", specificationVersion: 1 });
    expect(formatter.maxBatchSize).toBeUndefined();
  });
});

describe("chatWebhookFormatter", () => {
  it("fills in defaults from its options schema and rejects unknown options and styles", () => {
    expect(chatWebhookFormatter).toMatchObject({ kind: "formatter", specificationVersion: 1, type: "chat_webhook" });
    expect(chatWebhookFormatter.optionsSchema).toMatchObject({ type: "object", additionalProperties: false });
    expect(validateOptions(chatWebhookFormatter as never, {})).toEqual({
      style: "slack",
      template: CHAT_WEBHOOK_DEFAULT_TEMPLATE,
      max_events_per_message: 10,
      max_value_length: 300,
    });
    expect(() => validateOptions(chatWebhookFormatter as never, { style: "mattermost" })).toThrow(/style/);
    expect(() => validateOptions(chatWebhookFormatter as never, { max_events_per_message: 0 })).toThrow(/max_events_per_message/);
    expect(() => validateOptions(chatWebhookFormatter as never, { channel: "#alerts" })).toThrow(/unknown option/);
  });

  it("creates a working formatter from validated options", () => {
    const formatter = chatWebhookFormatter.create(validateOptions(chatWebhookFormatter as never, { style: "discord" }));
    expect(JSON.parse(formatter.encode([event(failure)]) as string)).toEqual({ content: FAILURE_LINE, allowed_mentions: { parse: [] } });
  });
});
