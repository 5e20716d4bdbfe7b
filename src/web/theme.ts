/**
 * Light and dark themes. Without a choice the page follows the system's
 * `prefers-color-scheme` (a CSS media query does that, no script needed); the toggle
 * records an explicit choice for this browser, set on <html data-theme> before the first
 * paint by theme-early.ts.
 */
export type Theme = 'light' | 'dark';

const KEY = 'trust-rag.theme';
const systemDark = () => window.matchMedia('(prefers-color-scheme: dark)').matches;

export function savedTheme(): Theme | null {
  try {
    const value = localStorage.getItem(KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    // Storage can be switched off; the system's preference still applies.
    return null;
  }
}

export function applyTheme(theme: Theme | null): void {
  if (theme) document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
}

/** The theme on screen now, chosen or from the system. */
export function currentTheme(): Theme {
  const chosen = document.documentElement.dataset.theme;
  if (chosen === 'light' || chosen === 'dark') return chosen;
  return systemDark() ? 'dark' : 'light';
}

/** A toggle button, pressed while the page is dark. */
export function startThemeToggle(button: HTMLButtonElement): void {
  const sync = () => button.setAttribute('aria-pressed', String(currentTheme() === 'dark'));
  button.addEventListener('click', () => {
    const next: Theme = currentTheme() === 'dark' ? 'light' : 'dark';
    try {
      // Back to "follow the system" when the choice matches it, so a later system change is followed again.
      if ((next === 'dark') === systemDark()) localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, next);
    } catch {
      // Not remembered, but still applied to this page.
    }
    applyTheme((next === 'dark') === systemDark() ? null : next);
    sync();
  });
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', sync);
  sync();
}
