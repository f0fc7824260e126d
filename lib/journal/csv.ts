/**
 * One CSV cell (RFC 4180). Text that a spreadsheet would run as a formula (= + - @, and tab or
 * carriage return, which some apps strip first) gets a leading single quote: a journal entry's
 * data comes from buyers and bot flows, and must not execute when an owner opens the export.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: (string | number | null | undefined)[]): string {
  return values.map(csvCell).join(",") + "\r\n";
}
