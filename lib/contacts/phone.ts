/**
 * Phone numbers in E.164 (+79991234567), so a number the shop's system sends matches the one a
 * buyer shared in Telegram however either was written. Pure.
 *
 * For numbers the shop's systems send. Russian numbers are often written 8XXXXXXXXXX or without
 * the country code: those become +7XXXXXXXXXX. Anything that does not end up as "+" and 8–15
 * digits is not a phone (null). A number shared in Telegram is always international and only
 * needs its "+" (the contact.request executor), not these guesses.
 */
export function normalizePhone(input: string | null | undefined): string | null {
  if (!input) return null;
  const trimmed = input.trim();
  const plus = trimmed.startsWith("+") || trimmed.startsWith("00");
  let digits = trimmed.replace(/\D/g, "");
  if (trimmed.startsWith("00")) digits = digits.slice(2);
  if (!plus) {
    // 8 912 345-67-89: the Russian trunk prefix instead of +7.
    if (digits.length === 11 && digits.startsWith("8")) digits = `7${digits.slice(1)}`;
    // 912 345-67-89: a Russian mobile without the country code.
    else if (digits.length === 10 && digits.startsWith("9")) digits = `7${digits}`;
  }
  if (digits.length < 8 || digits.length > 15 || digits.startsWith("0")) return null;
  return `+${digits}`;
}
