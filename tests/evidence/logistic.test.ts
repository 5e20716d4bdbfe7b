import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitLogistic, predict } from '../../src/evidence/logistic.js';

// y = 1 when x1 is large; x2 is noise that happens to correlate negatively in this sample.
const rows = Array.from({ length: 200 }, (_, i) => [(i % 20) / 20, ((i * 7) % 13) / 13 - (i % 20 >= 10 ? 0.3 : 0)]);
const labels = rows.map((r) => r[0]! >= 0.5);

describe('logistic regression', () => {
  it('learns probabilities that rise with the evidence', () => {
    const model = fitLogistic(rows, labels, ['x1', 'x2']);
    assert.ok(predict(model, { x1: 0.9, x2: 0 }) > 0.8);
    assert.ok(predict(model, { x1: 0.1, x2: 0 }) < 0.2);
  });
  it('keeps a signed feature on its side of zero', () => {
    const free = fitLogistic(rows, labels, ['x1', 'x2']);
    const signed = fitLogistic(rows, labels, ['x1', 'x2'], { signs: { x2: 1 } });
    assert.ok(free.weights[1]! < 0, 'without the sign, the accident of the sample is learned');
    assert.ok(signed.weights[1]! >= 0);
  });
  it('gives the same model for the same data', () => {
    assert.deepEqual(fitLogistic(rows, labels, ['x1', 'x2']), fitLogistic(rows, labels, ['x1', 'x2']));
  });
});
