import type { ComponentDefinition } from "@hookline/core";
import { natsExporterDefinition } from "./nats-exporter.js";
import { natsSourceDefinition } from "./nats-source.js";

export { natsExporter, natsExporterDefinition } from "./nats-exporter.js";
export type { NatsExporterOptions } from "./nats-exporter.js";
export { natsSource, natsSourceDefinition } from "./nats-source.js";
export type { NatsSource, NatsSourceConsumer, NatsSourceOptions, NatsSourceStats } from "./nats-source.js";
export { connectNats, DEFAULT_SERVERS } from "./nats-connection.js";
export type { NatsConnectionOptions } from "./nats-connection.js";
export { ensureStream, STREAM_DEFAULTS } from "./nats-stream.js";
export type { NatsStreamOptions } from "./nats-stream.js";
export { messageId } from "./message-id.js";
export { splitEvents } from "./split-events.js";
export { NATS_SETTINGS_KEYS, natsSettingsSchema } from "./nats-settings-schema.js";
export type { NatsSettings } from "./nats-settings-schema.js";
export { readNatsSettings } from "./read-nats-settings.js";
export type { NatsSettingsResult, ResolvedNatsSettings } from "./read-nats-settings.js";

/** The `nats` exporter and source definitions, for registries. */
export const natsDefinitions: readonly ComponentDefinition[] = [natsExporterDefinition as never, natsSourceDefinition as never];
