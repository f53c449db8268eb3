/**
 * Entry of the language server (`dist/server.js`): loads the server bundle (`dist/server-main.js`,
 * built from ../server.ts) through V8's code cache when the editor names a directory for it in
 * OOM_LENS_CODE_CACHE_DIR (codeCache.ts), and with a plain `require` otherwise.
 */
import * as path from 'path';
import { loadWithCodeCache } from './codeCache';
import { CODE_CACHE_ENV } from './launch';

loadWithCodeCache(path.join(__dirname, 'server-main.js'), process.env[CODE_CACHE_ENV] || undefined);
