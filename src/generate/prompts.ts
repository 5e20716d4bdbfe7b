import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../errors.js';

/**
 * The prompts sent to the language model, as plain template files in `prompts/` that a
 * user may edit without touching code. A template is text with `{{name}}` placeholders;
 * a line `--- system ---` starts the system message and `--- user ---` the user message
 * (text before either is the user message). Every template is read and checked when the
 * server starts, so that a missing or misspelt placeholder is an error then, not at the
 * first question.
 */

/** A chat message as the model receives it. */
export interface PromptMessage {
  role: 'system' | 'user';
  content: string;
}

/** Each prompt's file and the placeholders it must use, and may only use. */
export const PROMPT_VARIABLES = {
  /** Answering a question from numbered passages. */
  answer: ['question', 'passages'],
  /** Rewriting a follow-up into a question that stands alone. */
  rewrite: ['history', 'question'],
  /** Explaining a verdict the verifier reached; the verdict is not the model's. */
  explain: ['claim', 'verdict', 'evidence'],
} as const;

export type PromptName = keyof typeof PROMPT_VARIABLES;

/** A checked template: render it with every one of its variables. */
export interface Prompt<V extends string> {
  file: string;
  render(values: Record<V, string>): PromptMessage[];
}

export type Prompts = { [K in PromptName]: Prompt<(typeof PROMPT_VARIABLES)[K][number]> };

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const SECTION = /^---\s*(system|user)\s*---\s*$/;

/** Parses and checks one template; `file` names it in errors. */
export function parsePrompt<V extends string>(file: string, text: string, variables: readonly V[]): Prompt<V> {
  const sections: Array<{ role: PromptMessage['role']; lines: string[] }> = [];
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const heading = SECTION.exec(line.trim());
    if (heading) sections.push({ role: heading[1] as PromptMessage['role'], lines: [] });
    else if (sections.length === 0) sections.push({ role: 'user', lines: [line] });
    else sections.at(-1)!.lines.push(line);
  }
  const parts = sections.map((s) => ({ role: s.role, template: s.lines.join('\n').trim() })).filter((s) => s.template !== '');
  if (!parts.some((p) => p.role === 'user')) throw new AppError('INVALID_CONFIG', `The prompt ${file} has no user message: write it after a line "--- user ---"`);
  const used = new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!));
  const unknown = [...used].filter((name) => !(variables as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new AppError('INVALID_CONFIG', `The prompt ${file} uses ${unknown.map((n) => `{{${n}}}`).join(', ')}, which it is not given: it may use ${variables.map((v) => `{{${v}}}`).join(', ')}`);
  }
  const missing = variables.filter((v) => !used.has(v));
  if (missing.length > 0) throw new AppError('INVALID_CONFIG', `The prompt ${file} never uses ${missing.map((n) => `{{${n}}}`).join(', ')}: the model would not see ${missing.length === 1 ? 'it' : 'them'}`);
  return {
    file,
    // One pass over the template, so that a value containing "{{x}}" is never filled in again.
    render: (values) => parts.map((p) => ({ role: p.role, content: p.template.replace(PLACEHOLDER, (_m, name: string) => values[name as V] ?? '') })),
  };
}

/** Reads and checks every prompt in `dir`; any problem is an INVALID_CONFIG error naming the file. */
export async function loadPrompts(dir: string): Promise<Prompts> {
  const load = async <N extends PromptName>(name: N) => {
    const file = join(dir, `${name}.md`);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new AppError('INVALID_CONFIG', code === 'ENOENT' ? `The prompt ${file} is missing: restore it from the project, or set PROMPTS_DIR` : `The prompt ${file} cannot be read (${code ?? 'error'})`);
    }
    return parsePrompt(file, text, PROMPT_VARIABLES[name]);
  };
  return { answer: await load('answer'), rewrite: await load('rewrite'), explain: await load('explain') };
}
