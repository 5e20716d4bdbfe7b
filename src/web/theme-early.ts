/** Loaded as a blocking script in <head>: sets the chosen theme before anything is painted. */
import { applyTheme, savedTheme } from './theme.js';

applyTheme(savedTheme());
