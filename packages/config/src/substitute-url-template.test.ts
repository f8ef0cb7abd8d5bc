import { describe, expect, it } from "vitest";
import { substituteUrlTemplate } from "./substitute-url-template.js";

const t = (name: string): string => `{{environment_variables.${name}}}`;

describe("substituteUrlTemplate", () => {
  it("uses a whole-URL or base-URL variable and a host variable as they are", () => {
    expect(substituteUrlTemplate(t("URL"), { URL: "https://a.example.com/x?y=1" }).value).toBe("https://a.example.com/x?y=1");
    expect(substituteUrlTemplate(`${t("BASE")}/v1/logs`, { BASE: "http://localhost:4318" }).value).toBe("http://localhost:4318/v1/logs");
    expect(substituteUrlTemplate(`https://http-intake.logs.${t("SITE")}/api/v2/logs`, { SITE: "datadoghq.eu" }).value).toBe(
      "https://http-intake.logs.datadoghq.eu/api/v2/logs",
    );
  });

  it("percent-encodes values in the query string, so they cannot add parameters", () => {
    const result = substituteUrlTemplate(`https://listener.logz.io:8071/?token=${t("TOKEN")}&type=${t("TYPE")}`, { TOKEN: "a&b=c", TYPE: "litellm" });
    expect(result).toEqual({ value: "https://listener.logz.io:8071/?token=a%26b%3Dc&type=litellm", missing: [] });
    expect(new URL(result.value).searchParams.get("token")).toBe("a&b=c");
  });

  it("percent-encodes values in the path and the userinfo", () => {
    expect(substituteUrlTemplate(`https://api.honeycomb.io/1/events/${t("DATASET")}`, { DATASET: "my dataset" }).value).toBe(
      "https://api.honeycomb.io/1/events/my%20dataset",
    );
    expect(substituteUrlTemplate(`https://${t("U")}:${t("P")}@${t("HOST")}/push`, { U: "123", P: "p/w@d", HOST: "logs.example.com" }).value).toBe(
      "https://123:p%2Fw%40d@logs.example.com/push",
    );
  });

  it("works inside an already-encoded query (ClickHouse INSERT)", () => {
    const url = substituteUrlTemplate(`${t("CH")}/?query=INSERT%20INTO%20${t("TABLE")}%20FORMAT%20JSONEachRow`, { CH: "https://ch:8443", TABLE: "default.llm logs" }).value;
    expect(new URL(url).searchParams.get("query")).toBe("INSERT INTO default.llm logs FORMAT JSONEachRow");
  });

  it("lists every missing variable once, in order", () => {
    expect(substituteUrlTemplate(`${t("B")}/${t("A")}?x=${t("B")}`, {}).missing).toEqual(["B", "A"]);
  });
});
