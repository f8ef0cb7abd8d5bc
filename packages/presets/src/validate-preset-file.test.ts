import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { validatePresetFile } from "./validate-preset-file.js";

const read = (name: string): unknown => JSON.parse(readFileSync(new URL(`../${name}`, import.meta.url), "utf8"));

describe("generic_api_compatible_callbacks.schema.json", () => {
  it("is a valid draft-07 schema that accepts the shipped catalog", () => {
    const ajv = new Ajv({ allErrors: true, strict: true });
    const validate = ajv.compile(read("generic_api_compatible_callbacks.schema.json") as object);
    expect(validate(read("generic_api_compatible_callbacks.json")), ajv.errorsText(validate.errors)).toBe(true);
  });
});

describe("validatePresetFile", () => {
  it("reports every problem with file and JSON path", () => {
    const issues = validatePresetFile(
      {
        "bad name": { endpoint: "https://x" },
        a: { headers: { Authorization: 5 }, event_types: ["llm_api_success", "nope"], batch_size: 0 },
        b: { endpoint: "https://b", variables: { B_KEY: { secret: "yes" } }, compression: "zip" },
      },
      "extra.json",
    );
    expect(issues.map((issue) => `${issue.path}: ${issue.message}`).sort()).toEqual([
      "a.batch_size: expected a number >= 1; got 0",
      "a.endpoint: is required",
      'a.event_types[1]: expected one of llm_api_success, llm_api_failure; got "nope"',
      "a.headers.Authorization: expected string",
      "b.compression: expected one of none, gzip, deflate, br; got \"zip\"",
      "b.variables.B_KEY.secret: expected boolean",
      "bad name: is not a valid name",
    ]);
    expect(issues.every((issue) => issue.file === "extra.json")).toBe(true);
  });

  it("checks hookline's extensions: basic_auth, variable defaults and the docs fields", () => {
    const issues = validatePresetFile(
      {
        c: {
          endpoint: "https://c",
          basic_auth: { username: "u" },
          variables: { C_HOST: { default: 1 } },
          docs: { api_reference: "ftp://x", checked: "22/11/2026", limits: 5 },
          log_format_options: [],
        },
      },
      "extra.json",
    );
    expect(issues.map((issue) => `${issue.path}: ${issue.message}`).sort()).toEqual([
      "c.basic_auth.password: is required",
      'c.docs.api_reference: expected an http(s) URL; got "ftp://x"',
      'c.docs.checked: expected a date as YYYY-MM-DD; got "22/11/2026"',
      "c.docs.limits: expected string",
      "c.log_format_options: expected object",
      "c.variables.C_HOST.default: expected string",
    ]);
  });

  it("accepts a $schema key and unknown keys from newer LiteLLM catalogs", () => {
    expect(validatePresetFile({ $schema: "./x.json", a: { endpoint: "https://a", future_field: 1 } }, "f.json")).toEqual([]);
  });

  it("rejects a file that is not an object", () => {
    expect(validatePresetFile([], "f.json")).toEqual([{ file: "f.json", path: "", message: "expected object" }]);
  });
});
