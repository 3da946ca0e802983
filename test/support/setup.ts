/** Runs before every test file (in the file's context, so its hooks apply to that file). */
import 'reflect-metadata';
import { afterEach } from 'vitest';
import { healWorkerMocks } from './gateway.js';

// The worker's mock backends are shared by every file it runs: no fault outlives the test that set it.
afterEach(() => healWorkerMocks());
