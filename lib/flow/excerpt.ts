/** The first line of a text, cut to fit a canvas card. */
export function excerpt(value: string, max = 60): string {
  const line = value.trim().split("\n")[0] ?? "";
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
