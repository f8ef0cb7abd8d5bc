/**
 * Reads the per-callback summary table the CLI prints (`callback  received  filtered  sent ...`)
 * into numbers by column name, so tests do not depend on which columns exist or their order.
 */
export function parseSummary(text: string): Record<string, Record<string, number>> {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => /^callback\s+received\s/.test(line));
  if (start < 0) return {};
  const columns = lines[start]!.trim().split(/\s+/).slice(1);
  const result: Record<string, Record<string, number>> = {};
  for (const line of lines.slice(start + 1)) {
    const cells = line.trim().split(/\s+/);
    if (cells.length !== columns.length + 1 || !cells.slice(1).every((cell) => /^\d+$/.test(cell))) break;
    result[cells[0]!] = Object.fromEntries(columns.map((column, i) => [column, Number(cells[i + 1])]));
  }
  return result;
}
