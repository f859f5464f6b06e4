/** The JSON lines of a process's output (domain/logging/logger.ts); any other line is skipped. */
export function jsonLinesOf(output: string): Record<string, unknown>[] {
  return output.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}
