/**
 * Text for a LIKE pattern, matched literally: LIKE treats % and _ as wildcards, and a search for
 * "50%" or a kind like "api_key.created" means those characters.
 */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
