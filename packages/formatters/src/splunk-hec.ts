// Wire format: Splunk HTTP Event Collector, JSON events for POST /services/collector/event.
//   https://help.splunk.com/splunk-enterprise/get-data-in/collect-http-event-data/format-events-for-http-event-collector
//   (event metadata keys time/host/source/sourcetype/index/fields; "time" is epoch seconds as <sec>.<ms>;
//    "fields" values are strings or arrays of strings; a batch is event objects stacked one after another)
import { eventJson } from "@hookline/core";
import type { Formatter, FormatterDefinition, LogEvent } from "@hookline/core";
import { eventTimeSeconds, fieldValue, scalarString, secondsToMillisPrecision, singleLineJson } from "./payload-fields.js";

/** Options of the `splunk_hec` formatter. */
export type SplunkHecOptions = {
  /** `sourcetype` of every event. @default "litellm:llm_call" */
  readonly sourcetype?: string;
  /** `source` of every event; omitted when not set (Splunk then uses the token's default). */
  readonly source?: string;
  /** `index` of every event; omitted when not set (the token's default index). */
  readonly index?: string;
  /** `host` of every event; omitted when not set (Splunk then uses the sender's host). */
  readonly host?: string;
  /**
   * Payload fields (dotted paths allowed, e.g. `metadata.user_api_key_team_id`) copied into the
   * indexed `fields` object. Only scalar values are copied, as strings; missing ones are skipped.
   * @default ["model", "status", "custom_llm_provider"]
   */
  readonly fields?: readonly string[];
};

/** Default `sourcetype`. */
export const SPLUNK_DEFAULT_SOURCETYPE = "litellm:llm_call";

/**
 * Creates the `splunk_hec` formatter: every event becomes one HEC event object,
 * `{"time":…,"sourcetype":"litellm:llm_call","event":<payload>,"fields":{…}}`, one per line,
 * for `POST /services/collector/event`, sent as `application/json`.
 *
 * `time` is the payload's `endTime` (else `startTime`) in epoch seconds with millisecond
 * precision; it is left out when neither is set, so Splunk uses the time it received the event.
 * The payload is embedded as its JSON text, serialized once per event (`eventJson`).
 *
 * @example
 * ```ts
 * const formatter = splunkHec({ index: "llm", fields: ["model", "status", "metadata.user_api_key_team_id"] });
 * formatter.encode([event]);
 * // '{"time":1700000000.5,"sourcetype":"litellm:llm_call","index":"llm","event":{…},"fields":{"model":"gpt-4o","status":"success"}}\n'
 * ```
 */
export function splunkHec(options: SplunkHecOptions = {}): Formatter {
  const sourcetype = options.sourcetype ?? SPLUNK_DEFAULT_SOURCETYPE;
  const fields = options.fields ?? ["model", "status", "custom_llm_provider"];
  const encodeEvent = (event: LogEvent): string => {
    const seconds = eventTimeSeconds(event.payload);
    // JSON.stringify drops undefined members, so unset metadata is simply absent.
    const metadata = JSON.stringify({
      time: seconds === undefined ? undefined : secondsToMillisPrecision(seconds),
      host: options.host,
      source: options.source,
      sourcetype,
      index: options.index,
    });
    let line = `${metadata.slice(0, -1)},"event":${singleLineJson(eventJson(event))}`;
    const indexed = indexedFields(event, fields);
    if (indexed !== undefined) line += `,"fields":${JSON.stringify(indexed)}`;
    return `${line}}\n`;
  };
  return {
    specificationVersion: 1,
    type: "splunk_hec",
    contentType: "application/json",
    readsEventJson: true,
    encode(events: readonly LogEvent[]): string {
      let body = "";
      for (const event of events) body += encodeEvent(event);
      return body;
    },
  };
}

function indexedFields(event: LogEvent, names: readonly string[]): Record<string, string> | undefined {
  let indexed: Record<string, string> | undefined;
  for (const name of names) {
    const value = scalarString(fieldValue(event.payload, name));
    if (value === undefined) continue;
    indexed ??= {};
    indexed[name] = value;
  }
  return indexed;
}

/** Definition of the `splunk_hec` formatter, for registries and config files. */
export const splunkHecFormatter: FormatterDefinition<SplunkHecOptions> = {
  kind: "formatter",
  specificationVersion: 1,
  type: "splunk_hec",
  description: "Splunk HTTP Event Collector events for /services/collector/event, one per line (application/json)",
  optionsSchema: {
    type: "object",
    properties: {
      sourcetype: { type: "string", minLength: 1, default: SPLUNK_DEFAULT_SOURCETYPE },
      source: { type: "string", minLength: 1 },
      index: { type: "string", minLength: 1 },
      host: { type: "string", minLength: 1 },
      fields: {
        type: "array",
        items: { type: "string", minLength: 1 },
        uniqueItems: true,
        default: ["model", "status", "custom_llm_provider"],
        description: "Payload fields copied into the indexed fields (scalar values only)",
      },
    },
    additionalProperties: false,
  },
  create: (options) => splunkHec(options),
};
