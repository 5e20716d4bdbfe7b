import yaml from 'js-yaml';

/** A document split into its YAML front matter (if any) and the body after it. */
export interface FrontMatter {
  data: Record<string, unknown>;
  body: string;
}

const FENCE = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/;

/**
 * Splits leading YAML front matter from a document.
 * Malformed YAML is treated as text rather than failing the whole corpus: a user's
 * notes file that happens to start with `---` must still be indexed.
 */
export function splitFrontMatter(raw: string): FrontMatter {
  const match = FENCE.exec(raw);
  if (!match) return { data: {}, body: raw };
  try {
    const data = yaml.load(match[1] ?? '', { schema: yaml.JSON_SCHEMA });
    if (data === null || typeof data !== 'object' || Array.isArray(data)) return { data: {}, body: raw };
    return { data: data as Record<string, unknown>, body: raw.slice(match[0].length) };
  } catch {
    return { data: {}, body: raw };
  }
}
