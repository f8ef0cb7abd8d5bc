import { readFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import type { LogLevel, Output } from "./console-output.js";
import { LOG_FORMATS, LOG_LEVELS, logOutput } from "./log-output.js";
import { UsageError } from "./usage-error.js";

/** What the subcommands run with; {@link main} fills it from its context. */
export interface ProgramContext {
  readonly output: Output;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly stdin?: NodeJS.ReadableStream;
  /** A terminal for progress lines; absent when the output is not one. */
  readonly terminal?: NodeJS.WriteStream | undefined;
  /** Called only by the commands that wait for a signal, so the others install no handlers. */
  readonly stopSignal: () => Promise<string>;
  readonly onReload: (listener: () => void) => () => void;
}

/** The exit status of a usage error (a mistake in the command line). */
export const USAGE_EXIT = 2;

const EXIT_STATUS = "Exit status: 0 success, 1 events not delivered or config problems, 2 usage errors.";

// Each command is imported when it runs: `--help` and `--version` load no pipeline code.

/**
 * The `hookline` command line: every subcommand with its options, `--help` on each and
 * `--version`. Commander writes through `context.output` and never exits the process: a usage
 * error throws a `CommanderError` whose `exitCode` is {@link USAGE_EXIT}; help and version throw
 * one with `exitCode` 0. `result.code` holds the status of a subcommand that ran.
 */
export function cliProgram(context: ProgramContext, result: { code: number; output?: Output }): Command {
  // The subcommands write through this; it becomes the log output once the options are parsed.
  let output = context.output;
  const env = context.env ? { env: context.env } : {};
  const program: Command = new Command("hookline")
    .description("Ship LLM call logs (LiteLLM StandardLoggingPayload) to any HTTP endpoint.")
    .version(`hookline ${packageVersion()}`, "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .helpCommand("help [command]", "show help for a command")
    .exitOverride()
    .showHelpAfterError("(hookline --help lists the commands)")
    // Help, version and usage errors are for a person: plain text, whatever --log-format says.
    .configureOutput({ writeOut: (text) => context.output.out(text.replace(/\n$/, "")), writeErr: (text) => context.output.err(text.replace(/\n$/, "")) })
    .addHelpText("after", `\n${EXIT_STATUS}`)
    .addOption(new Option("--log-level <level>", "leave out log lines less severe than this").choices(LOG_LEVELS).default("info"))
    .addOption(new Option("--log-format <format>", "json: one JSON object per log line (time, level, msg, fields)").choices(LOG_FORMATS).default("text"))
    .configureHelp({ showGlobalOptions: true })
    .hook("preAction", async (_program, action) => {
      const options = program.opts<{ logLevel: LogLevel; logFormat: (typeof LOG_FORMATS)[number] }>();
      output = await logOutput(context.output, { level: options.logLevel, format: options.logFormat, command: action.name() });
      result.output = output;
    });
  configureErrors(program);

  subcommand(program, "run", "receive LiteLLM logs on POST /v1/callbacks/logs and relay them to every callback; SIGHUP reloads the config, SIGTERM/SIGINT drain and stop")
    .option("-c, --config <file>", "the config file (required)")
    .option("-p, --port <n>", "port to listen on; 0 = any free port (default: sources.http.port, else 4400)")
    .option("--host <host>", "address to listen on (default: sources.http.host, else 127.0.0.1)")
    .option("--drain-timeout <seconds>", "how long to drain the callbacks when stopping", "30")
    .option("--allow-unauthenticated", "listen beyond loopback without sources.http.auth_token")
    .action(run(result, async (options) => {
        const stopSignal = context.stopSignal();
        return (await import("./commands/run-command.js")).runCommand(options, { output, ...env, stopSignal, onReload: context.onReload });
      }));

  subcommand(program, "replay", "send each NDJSON payload (or dead letter) in FILE (- = stdin) through the callbacks")
    .argument("[file]", "the NDJSON file, or - for stdin")
    .option("-c, --config <file>", "the config file (required)")
    .option("--drain-timeout <seconds>", "how long to wait for the callbacks to finish (default: until done)")
    .option("--no-progress", "no progress line, even on a terminal")
    .action(
      run(result, async (file: string | undefined, options) =>
        (await import("./commands/replay-command.js")).replayCommand({ ...options, file }, { output, ...env, ...(context.stdin ? { stdin: context.stdin } : {}), terminal: context.terminal }),
      ),
    );

  subcommand(program, "validate", "check a config and print every problem with its key path")
    .option("-c, --config <file>", "the config file (required)")
    .action(run(result, async (options) => (await import("./commands/validate-command.js")).validateCommand(options, { output, ...env })));

  subcommand(program, "demo", "run a config against a local endpoint and show what each callback delivered")
    .option("--config <file>", "a config to run instead of the embedded demo config")
    .option("--events <file>", "NDJSON events to send instead of sample events")
    .option("--count <n>", "how many sample events to send (1 to 100000)", "40")
    .option("--inbox", "send to a local inbox and print its page address; Ctrl-C stops")
    .action(run(result, async (options) => (await import("./commands/demo-command.js")).demoCommand(options, { output, stopSignal: context.stopSignal })));

  subcommand(program, "inbox", "a local endpoint that records what callbacks post and a page that shows it live")
    .option("--port <n>", "port to listen on", "8700")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .action(run(result, async (options) => {
        const stopSignal = context.stopSignal();
        return (await import("./inbox/inbox-command.js")).inboxCommand(options, { output, stopSignal });
      }));

  subcommand(program, "presets", "list the presets, or show one: variables, request, format, limits, config snippets")
    .usage("[show NAME] [options]")
    .argument("[action]", "list (the default) or show")
    .argument("[name]", "the preset to show")
    .option("-c, --config <file>", "include the presets of this config's presets_path")
    .action(run(result, async (action: string | undefined, name: string | undefined, options) => (await import("./commands/presets-command.js")).presetsCommand({ ...options, action, name }, { output, ...env })));

  subcommand(program, "docs", "write one Markdown page per preset plus index.md to DIR")
    .option("-o, --out <dir>", "the folder to write (required)")
    .option("--check", "write nothing; exit 1 if DIR is stale")
    .action(run(result, async (options) => (await import("./commands/docs-command.js")).docsCommand(options, { output })));

  subcommand(program, "schema", "print the JSON Schema of a config (every key, the built-in components and their options)")
    .option("-o, --out <file>", "write it to FILE instead")
    .option("--check", "write nothing; exit 1 if FILE is stale")
    .action(run(result, async (options) => (await import("./commands/schema-command.js")).schemaCommand(options, { output })));

  // `hookline version`, as before --version existed.
  program.command("version", { hidden: true }).action(() => {
    output.out(program.version() ?? "");
    result.code = 0;
  });
  return program;
}

function subcommand(program: Command, name: string, description: string): Command {
  const command = program.command(name).description(description).showHelpAfterError(`(hookline ${name} --help shows its usage)`);
  configureErrors(command);
  return command;
}

/**
 * Commander's messages start with "error: "; hookline's start with "hookline: " and name the
 * subcommand. An unknown option also lists the subcommand's options; a hint to `--help` follows.
 */
function configureErrors(command: Command): void {
  command.configureOutput({
    outputError: (text, write) => {
      const where = command.parent ? `${command.name()}: ` : "";
      let message = text
        .replace(/^error: /, "")
        .replace(/\n$/, "")
        .replace(/\n\(Did you mean (.*)\?\)/, " (did you mean $1?)");
      if (message.startsWith("unknown option")) message += `; ${where ? `hookline ${command.name()}` : "hookline"} takes ${validOptions(command)}`;
      if (message.startsWith("unknown command")) message += `; expected ${visibleCommands(command)}`;
      write(`hookline: ${where}${message}\n`);
    },
  });
}

function visibleCommands(command: Command): string {
  return command
    .createHelp()
    .visibleCommands(command)
    .map((sub) => sub.name())
    .join(", ");
}

function validOptions(command: Command): string {
  const help = command.createHelp();
  return help
    .visibleOptions(command)
    .map((option) => option.long ?? option.short ?? "")
    .filter((flag) => flag !== "")
    .join(", ");
}

/**
 * Wraps an action: records its exit status, and turns a {@link UsageError} into commander's
 * error for this subcommand (its message, then the hint to its help, exit status 2). `action`
 * takes `any`: commander hands over untyped option values, and each command checks its own.
 */
function run(result: { code: number }, action: (...args: any[]) => Promise<number>) {
  return async (...args: unknown[]): Promise<void> => {
    // Commander passes the arguments, then the options, then the command itself.
    const command = args[args.length - 1] as Command;
    try {
      result.code = await action(...args.slice(0, -1));
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      command.configureOutput({ outputError: (text, write) => write(`hookline: ${text}`) });
      command.error(err.message, { exitCode: USAGE_EXIT, code: "hookline.usage" });
    }
  };
}

/** Whether `err` is commander's signal that the command line was handled (help, version, usage error). */
export function isCommanderExit(err: unknown): err is CommanderError {
  return err instanceof CommanderError;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}
