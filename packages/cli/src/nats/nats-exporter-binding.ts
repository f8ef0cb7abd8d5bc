import { defineExporter, Type, type ExporterDefinition } from "@hookline/core";
import { natsExporter } from "@hookline/nats";
import type { ResolvedNatsSettings } from "@hookline/nats/config";

/**
 * The `nats` exporter as `hookline run` builds it from a callback: the connection and stream come
 * from the config's `nats` section, the per-publish timeout from the callback's `timeout`. A
 * callback's other settings (method, headers, compression) mean nothing to it.
 */
export function boundNatsExporter(settings: ResolvedNatsSettings | undefined): ExporterDefinition<never> {
  return defineExporter({
    type: "nats",
    description: "publishes each event to the NATS JetStream stream of the config's nats section",
    options: Type.Object({ url: Type.Optional(Type.String()), timeoutMs: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: true }),
    create: ({ timeoutMs }) =>
      natsExporter({
        ...(settings?.servers ? { servers: settings.servers } : {}),
        ...(settings?.user !== undefined ? { user: settings.user } : {}),
        ...(settings?.password !== undefined ? { password: settings.password } : {}),
        ...(settings?.token !== undefined ? { token: settings.token } : {}),
        ...(settings?.stream !== undefined ? { stream: settings.stream } : {}),
        ...(settings?.subject !== undefined ? { subject: settings.subject } : {}),
        ...(settings?.maxAgeMs !== undefined ? { maxAgeMs: settings.maxAgeMs } : {}),
        ...(settings?.duplicateWindowMs !== undefined ? { duplicateWindowMs: settings.duplicateWindowMs } : {}),
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      }),
  }) as ExporterDefinition<never>;
}
