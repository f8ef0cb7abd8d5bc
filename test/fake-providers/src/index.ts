export { startFakeServer, sendJson, openSse, sseEvent, untilClosedOr } from "./fake-server.js";
export type { FakeHandler, FakeServer, ReceivedRequest } from "./fake-server.js";
export { startFakeOpenAI } from "./fake-openai-server.js";
export { startFakeAnthropic } from "./fake-anthropic-server.js";
export { DEFAULT_PIECES, scenarioOf } from "./scenarios.js";
export type { FakeProviderOptions, Scenario } from "./scenarios.js";
export { LITELLM_FIXTURE_INDEX, litellmFixture, shapeDifferences } from "./litellm-fixtures.js";
