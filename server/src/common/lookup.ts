/**
 * A table's own entry. The knowledge tables are object literals keyed by names that come from
 * files (GFP flag names, section names, keys): `table['constructor']` or `table['__proto__']`
 * would be Object's, so a crafted log or unit could make a hover show a function's source or
 * crash a renderer that expects a string.
 */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}
