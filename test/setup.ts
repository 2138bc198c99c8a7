/**
 * n8n-core keeps its instance settings (id, secrets) in N8N_USER_FOLDER/.n8n/config, home by
 * default. Tests use a throw-away folder per worker so they never write into the home folder.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'esms-jest-n8n-'));
