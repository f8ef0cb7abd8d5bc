// Wire formats: chat incoming webhooks.
//   Slack:   https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks/ ({"text": "..."}, mrkdwn)
//            https://docs.slack.dev/messaging/formatting-message-text/#escaping (&, <, > must be &amp; &lt; &gt;)
//   Discord: https://discord.com/developers/docs/resources/webhook#execute-webhook ({"content": "..."}, up to 2000 characters)
//            https://discord.com/developers/docs/resources/message#allowed-mentions-object ({"parse": []} pings nobody)
//   Teams:   https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using#send-adaptive-cards-using-an-incoming-webhook
//            ({"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","contentUrl":null,"content":{AdaptiveCard}}]},
//             the body Teams Workflows "When a Teams webhook request is received" flows take as well)
import { safeJsonStringify } from "@hookline/core";
import type { Formatter, FormatterDefinition, LogEvent } from "@hookline/core";
import { fieldValue } from "./payload-fields.js";

/** Chat service the message is shaped for. */
export type ChatWebhookStyle = "slack" | "discord" | "teams";

/** Options of the `chat_webhook` formatter. */
export type ChatWebhookOptions = {
  /** `slack` (`{"text"}`), `discord` (`{"content"}`) or `teams` (Adaptive Card message). @default "slack" */
  readonly style?: ChatWebhookStyle;
  /**
   * One event's line. `{{field.path}}` is replaced by the payload value (missing → empty);
   * `{{#field}}…{{/field}}` renders only when the field has a value and `{{^field}}…{{/field}}`
   * only when it has none. Besides payload fields: `{{event_type}}` and `{{status_icon}}` (✅ or ❌).
   * @default CHAT_WEBHOOK_DEFAULT_TEMPLATE
   */
  readonly template?: string;
  /** Events listed in one message; the rest are summarized as `… and N more`. @default 10 */
  readonly max_events_per_message?: number;
  /** Longest rendering of one payload value, in characters; longer ones end with `…`. @default 300 */
  readonly max_value_length?: number;
};

/** The default `template`: one line per event with outcome, model, provider, error, cost, latency and call id. */
export const CHAT_WEBHOOK_DEFAULT_TEMPLATE =
  "{{status_icon}} LiteLLM {{status}}: {{model}}" +
  "{{#custom_llm_provider}} ({{custom_llm_provider}}){{/custom_llm_provider}}" +
  "{{#error_information.error_class}} · {{error_information.error_class}}{{/error_information.error_class}}" +
  "{{#error_str}}: {{error_str}}{{/error_str}}" +
  "{{#response_cost}} · ${{response_cost}}{{/response_cost}}" +
  "{{#response_time}} · {{response_time}}s{{/response_time}}" +
  "{{#litellm_call_id}} · call {{litellm_call_id}}{{/litellm_call_id}}";

/** Discord's limit on `content`. */
export const DISCORD_CONTENT_LIMIT = 2000;
// Slack truncates `text` beyond 40,000 characters; an Adaptive Card message must stay under ~28 KB.
const SLACK_TEXT_LIMIT = 40_000;
const TEAMS_TEXT_LIMIT = 20_000;

const ADAPTIVE_CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";

type TemplateNode =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "value"; readonly path: string }
  | { readonly kind: "section"; readonly path: string; readonly inverted: boolean; readonly children: readonly TemplateNode[] };

/**
 * Creates the `chat_webhook` formatter: a batch becomes ONE chat message listing one line per
 * event (at most `max_events_per_message`, then `… and N more`), shaped for Slack, Discord or
 * Microsoft Teams incoming webhooks and sent as `application/json`. Typical use: post every
 * `llm_api_failure` to an alerts channel.
 *
 * Payload text cannot ping anyone: `@everyone`, `@here` and `@channel` get a zero-width space
 * after the `@`; for Slack `&`, `<`, `>` are escaped (so `<!channel>` or `<@U123>` stay text); for
 * Discord `<@…>` mentions are broken up and `allowed_mentions` is `{"parse": []}`. Each value is
 * put on one line and cut at `max_value_length`.
 *
 * @example
 * ```ts
 * const formatter = chatWebhook({ style: "discord" });
 * formatter.encode([failureEvent]);
 * // '{"content":"❌ LiteLLM failure: gpt-4o (openai) · RateLimitError: …","allowed_mentions":{"parse":[]}}'
 * ```
 */
export function chatWebhook(options: ChatWebhookOptions = {}): Formatter {
  const style = options.style ?? "slack";
  const template = parseTemplate(options.template ?? CHAT_WEBHOOK_DEFAULT_TEMPLATE);
  const maxEvents = Math.max(1, Math.floor(options.max_events_per_message ?? 10));
  const maxValueLength = Math.max(1, Math.floor(options.max_value_length ?? 300));
  const limit = style === "discord" ? DISCORD_CONTENT_LIMIT : style === "slack" ? SLACK_TEXT_LIMIT : TEAMS_TEXT_LIMIT;
  const escape = escaperFor(style);

  return {
    specificationVersion: 1,
    type: "chat_webhook",
    contentType: "application/json",
    encode(events: readonly LogEvent[]): string {
      const lines = events.slice(0, maxEvents).map((event) => ({
        failed: event.type === "llm_api_failure",
        text: render(template, (path) => resolve(event, path), (value) => escape(oneLine(value, maxValueLength))),
      }));
      const summary = fitToLimit(lines, events.length, limit);
      const text = [...lines.map((line) => line.text), ...(summary === undefined ? [] : [summary])].join("\n");
      switch (style) {
        case "discord":
          return JSON.stringify({ content: truncate(text, DISCORD_CONTENT_LIMIT), allowed_mentions: { parse: [] } });
        case "teams":
          return JSON.stringify(teamsMessage(lines, summary, limit));
        default:
          return JSON.stringify({ text: truncate(text, SLACK_TEXT_LIMIT) });
      }
    },
  };
}

// Drops event lines from the end until the text and the summary line fit the service's limit;
// returns the summary line (`… and N more`) when any event is not listed.
function fitToLimit(lines: { text: string }[], total: number, limit: number): string | undefined {
  const summaryOf = () => (total > lines.length ? `… and ${total - lines.length} more` : undefined);
  const length = () => lines.reduce((sum, line) => sum + line.text.length + 1, 0) + (summaryOf()?.length ?? 0);
  while (lines.length > 1 && length() > limit) lines.pop();
  return summaryOf();
}

function teamsMessage(lines: readonly { failed: boolean; text: string }[], summary: string | undefined, limit: number) {
  const body: Record<string, unknown>[] = [];
  for (const line of lines) {
    // A TextBlock per line keeps line breaks regardless of how the client treats "\n".
    for (const part of truncate(line.text, limit).split("\n")) {
      body.push({ type: "TextBlock", text: part, wrap: true, ...(line.failed ? { color: "attention" } : {}) });
    }
  }
  if (summary !== undefined) body.push({ type: "TextBlock", text: summary, wrap: true, isSubtle: true });
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: { $schema: ADAPTIVE_CARD_SCHEMA, type: "AdaptiveCard", version: "1.2", msteams: { width: "Full" }, body },
      },
    ],
  };
}

function resolve(event: LogEvent, path: string): unknown {
  switch (path) {
    case "event_type":
      return event.type;
    case "status_icon":
      return event.type === "llm_api_failure" ? "❌" : "✅";
    case "status": {
      const status: unknown = event.payload.status;
      return typeof status === "string" && status !== "" ? status : event.type === "llm_api_failure" ? "failure" : "success";
    }
    default:
      return fieldValue(event.payload, path);
  }
}

function hasValue(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === "") return false;
  if (typeof value === "number") return !Number.isNaN(value);
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

function valueText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return Number.isInteger(value) || !Number.isFinite(value) ? String(value) : String(Number(value.toPrecision(6)));
  if (typeof value === "boolean" || typeof value === "bigint") return String(value);
  return safeJsonStringify(value);
}

const lineBreaks = /\s*[\r\n\u2028\u2029]+\s*/g;

function oneLine(value: unknown, maxLength: number): string {
  return truncate(valueText(value).replace(lineBreaks, " "), maxLength);
}

/** Cuts `text` to at most `max` UTF-16 code units, ending with `…`, never splitting a surrogate pair. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

const broadcastMentions = /@(everyone|here|channel)\b/gi;

function escaperFor(style: ChatWebhookStyle): (text: string) => string {
  const neutralize = (text: string) => text.replace(broadcastMentions, "@\u200b$1");
  switch (style) {
    case "slack":
      // Slack's control characters; escaping them turns <!channel>, <!here>, <@U…> into plain text.
      return (text) => neutralize(text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"));
    case "discord":
      // <@id>, <@!id>, <@&role> are user and role mentions.
      return (text) => neutralize(text.replace(/<@/g, "<@\u200b"));
    default:
      return neutralize;
  }
}

function render(nodes: readonly TemplateNode[], lookup: (path: string) => unknown, format: (value: unknown) => string): string {
  let out = "";
  for (const node of nodes) {
    if (node.kind === "text") out += node.text;
    else if (node.kind === "value") out += format(lookup(node.path));
    else if (hasValue(lookup(node.path)) !== node.inverted) out += render(node.children, lookup, format);
  }
  return out;
}

const tag = /\{\{\s*([#^/]?)\s*([^{}]*?)\s*\}\}/g;

/**
 * Parses a template into nodes; throws a `SyntaxError` naming the problem for an unclosed,
 * unopened or mismatched section, or an empty placeholder.
 */
function parseTemplate(template: string): TemplateNode[] {
  const root: TemplateNode[] = [];
  const stack: { path: string; inverted: boolean; children: TemplateNode[] }[] = [];
  const current = () => stack.at(-1)?.children ?? root;
  let last = 0;
  for (const match of template.matchAll(tag)) {
    const [whole, sigil, rawPath] = match;
    const path = rawPath ?? "";
    if (match.index > last) current().push({ kind: "text", text: template.slice(last, match.index) });
    last = match.index + whole.length;
    if (path === "") throw new SyntaxError(`chat_webhook template: empty placeholder "${whole}"`);
    if (sigil === "#" || sigil === "^") {
      stack.push({ path, inverted: sigil === "^", children: [] });
    } else if (sigil === "/") {
      const open = stack.pop();
      if (open === undefined) throw new SyntaxError(`chat_webhook template: "{{/${path}}}" closes no section`);
      if (open.path !== path) throw new SyntaxError(`chat_webhook template: "{{/${path}}}" closes "{{#${open.path}}}"`);
      current().push({ kind: "section", path, inverted: open.inverted, children: open.children });
    } else {
      current().push({ kind: "value", path });
    }
  }
  if (last < template.length) current().push({ kind: "text", text: template.slice(last) });
  const unclosed = stack.at(-1);
  if (unclosed !== undefined) throw new SyntaxError(`chat_webhook template: "{{#${unclosed.path}}}" is never closed`);
  return root;
}

/** Definition of the `chat_webhook` formatter, for registries and config files. */
export const chatWebhookFormatter: FormatterDefinition<ChatWebhookOptions> = {
  kind: "formatter",
  specificationVersion: 1,
  type: "chat_webhook",
  description: "One chat message per batch for Slack, Discord or Microsoft Teams incoming webhooks (application/json)",
  optionsSchema: {
    type: "object",
    properties: {
      style: { enum: ["slack", "discord", "teams"], default: "slack", description: "Chat service the message is shaped for" },
      template: {
        type: "string",
        minLength: 1,
        default: CHAT_WEBHOOK_DEFAULT_TEMPLATE,
        description: "One event's line: {{field.path}}, {{#field}}…{{/field}}, {{^field}}…{{/field}}, {{event_type}}, {{status_icon}}",
      },
      max_events_per_message: { type: "integer", minimum: 1, default: 10, description: "Events listed per message; the rest are counted" },
      max_value_length: { type: "integer", minimum: 1, default: 300, description: "Longest rendering of one payload value" },
    },
    additionalProperties: false,
  },
  create: (options) => chatWebhook(options),
};
