import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from '../../src/errors.js';
import { buildSettingsFromEnv, DEFAULT_BUILD_SETTINGS } from '../../src/settings.js';

describe('the build settings', () => {
  it('default to checkpoints every 2 s, 200,000 cached vectors and a 20 s stale lock', () => {
    assert.deepEqual(buildSettingsFromEnv({}), DEFAULT_BUILD_SETTINGS);
    assert.deepEqual(DEFAULT_BUILD_SETTINGS, { checkpointSeconds: 2, checkpointVectors: 1024, cacheMaxVectors: 200_000, lockStaleSeconds: 20 });
  });

  it('are read from the environment', () => {
    const settings = buildSettingsFromEnv({ CACHE_CHECKPOINT_SECONDS: '0', CACHE_CHECKPOINT_VECTORS: '64', CACHE_MAX_VECTORS: '5000', BUILD_LOCK_STALE_SECONDS: '2' });
    assert.deepEqual(settings, { checkpointSeconds: 0, checkpointVectors: 64, cacheMaxVectors: 5000, lockStaleSeconds: 2 });
  });

  it('reject values out of range by name', () => {
    assert.throws(() => buildSettingsFromEnv({ BUILD_LOCK_STALE_SECONDS: '1' }), (err) => isAppError(err, 'INVALID_CONFIG') && /BUILD_LOCK_STALE_SECONDS/.test(err.message));
    assert.throws(() => buildSettingsFromEnv({ CACHE_MAX_VECTORS: 'lots' }), (err) => isAppError(err, 'INVALID_CONFIG'));
  });
});
