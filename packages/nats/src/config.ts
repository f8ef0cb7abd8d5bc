/**
 * The `nats` config section alone (`@hookline/nats/config`): its schema and reader, without the
 * NATS client, so a command that only reads config does not load it.
 */
export { NATS_SETTINGS_KEYS, natsSettingsSchema } from "./nats-settings-schema.js";
export type { NatsSettings } from "./nats-settings-schema.js";
export { readNatsSettings } from "./read-nats-settings.js";
export type { NatsSettingsResult, ResolvedNatsSettings } from "./read-nats-settings.js";
