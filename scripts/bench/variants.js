'use strict';
/**
 * The benchmark's vocabulary: the batch size, the variants and modes it compares, and which
 * variants each mode runs by default. Required by bench.js and by its modules in bench/.
 */
const BATCH = 500;
const VARIANTS = ['node', 'lean', 'burst', 'leanburst', 'overlap', 'floor', 'diy', 'n8nhttp', 'single'];
const MODES = ['cold', 'warm'];
const DEFAULT_VARIANTS = { cold: ['node', 'burst', 'overlap', 'floor', 'diy', 'single'], warm: ['node', 'lean', 'burst', 'leanburst', 'diy', 'n8nhttp'] };

module.exports = { BATCH, VARIANTS, MODES, DEFAULT_VARIANTS };
