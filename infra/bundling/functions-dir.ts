import { fileURLToPath } from 'node:url';

/** `functions/`, where every handler module lives (`<area>/<name>.ts`), wherever the app runs from. */
export const FUNCTIONS_DIR = fileURLToPath(new URL('../../functions/', import.meta.url));
