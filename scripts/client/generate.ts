import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '../local/emulators';
import { CLIENT_TYPES_FILE, generateClientTypes } from './client-types';

/** `npm run client:generate`: rewrites the typed client's types after a route or schema changes. */
await writeFile(path.join(repoRoot(), CLIENT_TYPES_FILE), await generateClientTypes());
process.stdout.write(`wrote ${CLIENT_TYPES_FILE}\n`);
