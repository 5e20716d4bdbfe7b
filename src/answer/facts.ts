/**
 * Years and figures written in a sentence, normalised so that "2,000" and "2000" compare
 * equal. Used to notice when two sources say different things about the same subject.
 */
export function figuresIn(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.])\d+(?:\.\d+)?/g)) out.add(m[0].replace(/,/g, ''));
  return out;
}

/** True when each text has a figure the other lacks: they state different numbers or years. */
export function figuresDiffer(a: Set<string>, b: Set<string>): boolean {
  if (a.size === 0 || b.size === 0) return false;
  const onlyA = [...a].some((x) => !b.has(x));
  const onlyB = [...b].some((x) => !a.has(x));
  return onlyA && onlyB;
}
