// Child process of sdk-wrapper-cost.mjs: the fake providers, apart from the measured process so
// that its CPU is the SDK's (and the wrapper's) alone. Prints the base URLs, stops on stdin end.
import { startFakeAnthropic, startFakeOpenAI } from "@hookline/fake-providers";

const pieces = (n) => Array.from({ length: n }, (_, i) => ` w${i}`);
const [openaiShort, openaiLong, anthropicShort, anthropicLong] = await Promise.all([
  startFakeOpenAI({ pieces: pieces(10) }),
  startFakeOpenAI({ pieces: pieces(200) }),
  startFakeAnthropic({ pieces: pieces(10) }),
  startFakeAnthropic({ pieces: pieces(200) }),
]);
process.stdout.write(`${JSON.stringify({ openaiShort: openaiShort.baseURL, openaiLong: openaiLong.baseURL, anthropicShort: anthropicShort.origin, anthropicLong: anthropicLong.origin })}\n`);
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
