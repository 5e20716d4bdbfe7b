/**
 * On a narrow screen the sidebar and the source panel are drawers over the chat: each has
 * a close button, and a backdrop behind them closes them when tapped. On a wide screen
 * they are columns and the backdrop never shows.
 */
import { byId } from './dom.js';
import { closeSource, sourceOpen } from './source-panel.js';

/** The width below which the layout is one column; the style sheet uses the same. */
export const NARROW = window.matchMedia('(max-width: 820px)');

const sidebar = byId('sidebar');
const toggle = byId<HTMLButtonElement>('toggle-docs');
const backdrop = byId('backdrop');

export function sidebarOpen(): boolean {
  return sidebar.classList.contains('open');
}

function sync(): void {
  backdrop.hidden = !(NARROW.matches && (sidebarOpen() || sourceOpen()));
  // Drawn over the source panel when both are open: the one opened last is on top.
  backdrop.classList.toggle('under-sidebar', sidebarOpen());
}

export function openSidebar(): void {
  sidebar.classList.add('open');
  toggle.setAttribute('aria-expanded', 'true');
  sync();
  if (NARROW.matches) byId(byId('conversations').hidden ? 'documents-heading' : 'conversations-heading').focus();
}

export function closeSidebar(): void {
  if (!sidebarOpen()) return;
  sidebar.classList.remove('open');
  toggle.setAttribute('aria-expanded', 'false');
  sync();
  toggle.focus();
}

/** Closes the drawer on top; true when there was one. */
export function closeTopDrawer(): boolean {
  if (NARROW.matches && sidebarOpen()) {
    closeSidebar();
    return true;
  }
  if (sourceOpen()) {
    closeSource();
    return true;
  }
  return false;
}

export function startDrawers(): void {
  toggle.addEventListener('click', () => (sidebarOpen() ? closeSidebar() : openSidebar()));
  byId('close-sidebar').addEventListener('click', closeSidebar);
  byId('close-source').addEventListener('click', closeSource);
  backdrop.addEventListener('click', () => void closeTopDrawer());
  document.addEventListener('drawerchange', sync);
  NARROW.addEventListener('change', sync);
}
