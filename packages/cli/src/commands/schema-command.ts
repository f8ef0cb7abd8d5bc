import { readFile, writeFile } from "node:fs/promises";
import { configJsonSchema } from "@hookline/config";
import { BUILTIN_COMPONENTS } from "../builtin-registry.js";
import type { Output } from "../console-output.js";
import { UsageError } from "../usage-error.js";

/** The config's JSON Schema as the file `hookline schema` writes, the `nats` exporter and section included. */
export async function configSchemaText(): Promise<string> {
  const { natsSettingsSchema } = await import("@hookline/nats/config");
  const { boundNatsExporter } = await import("../nats/nats-exporter-binding.js");
  const schema = configJsonSchema([...BUILTIN_COMPONENTS, boundNatsExporter(undefined)], {
    sections: { nats: { schema: natsSettingsSchema, description: "hookline's NATS JetStream connection: receivers publish to the stream, workers (consume: true) take from it" } },
  });
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/**
 * `hookline schema [--out FILE] [--check]`: prints the JSON Schema of a config (every key, the
 * built-in formatters, exporters and processors with their options), or writes it to FILE; with
 * `--check`, writes nothing and exits 1 when FILE differs from what would be written.
 */
export async function schemaCommand(values: { readonly out?: string | undefined; readonly check?: boolean | undefined }, context: { readonly output: Output }): Promise<number> {
  const text = await configSchemaText();
  const { output } = context;
  if (values.out === undefined) {
    if (values.check) throw new UsageError("schema --check needs --out FILE");
    output.out(text.trimEnd());
    return 0;
  }
  if (values.check) {
    const current = await readFile(values.out, "utf8").catch((err: NodeJS.ErrnoException) => (err.code === "ENOENT" ? undefined : Promise.reject(err)));
    if (current === text) {
      output.out(`${values.out}: up to date`);
      return 0;
    }
    output.err(`${values.out} is ${current === undefined ? "missing" : "out of date"}; run \`hookline schema --out ${values.out}\``);
    return 1;
  }
  await writeFile(values.out, text);
  output.out(`wrote ${values.out}`);
  return 0;
}
