import { afterEach } from "vitest";

type Task = () => unknown | Promise<unknown>;

/**
 * Collects teardown work (servers, processes, pipelines, temp dirs) and runs it after each test,
 * last registered first, so a pipeline is shut down before the server it sends to is closed.
 * Every task runs even when an earlier one fails; the first failure is rethrown.
 */
export function useCleanup(): (task: Task) => void {
  const tasks: Task[] = [];
  afterEach(async () => {
    let firstError: unknown;
    while (tasks.length > 0) {
      const task = tasks.pop() as Task;
      try {
        await task();
      } catch (err) {
        firstError ??= err;
      }
    }
    if (firstError !== undefined) throw firstError;
  });
  return (task) => {
    tasks.push(task);
  };
}
