'use strict';
/**
 * The harness's constants, in one place: where the repository is, where the machine cache is,
 * which n8n runs (N8N_VERSION, default 2.40.7), and the fixed test-only encryption key.
 */
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const N8N_VERSION = process.env.N8N_VERSION || '2.40.7';
const CACHE_DIR = process.env.ESMS_CACHE_DIR || path.join(os.homedir(), '.cache', 'n8n-nodes-esms');
/** Fixed so that credentials imported in one command can be read by the next. Test-only. */
const ENCRYPTION_KEY = 'esms-e2e-fixed-encryption-key-0001';

module.exports = { ROOT, N8N_VERSION, CACHE_DIR, ENCRYPTION_KEY };
