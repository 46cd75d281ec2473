// The node count a features license allows, where it states one.

/** MaxNodes from a features license. Lab licenses are key=value lines; the real format is opaque (docs/st-facts.md [U]). */
export function parseMaxNodes(text: string): number | null {
  const match = /^\s*MaxNodes\s*=\s*(\d+)\s*$/m.exec(text);
  if (!match) return null;
  const value = Number(match[1]);
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}
