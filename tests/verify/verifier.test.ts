import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SentenceBank } from '../../src/answer/sentence-bank.js';
import { readJsonl } from '../../src/eval/eval-set.js';
import { Verifier } from '../../src/verify/verifier.js';
import { assertCitationsExact, textFrom } from '../answer/citations.js';
import { realIndex, SHARED_EVAL_DIR } from '../helpers.js';

describe('claim verification on the bundled corpus', async () => {
  const { index, retriever } = await realIndex();
  const verifier = new Verifier(index, retriever, new SentenceBank(index));
  const check = async (claim: string) => {
    const result = await verifier.verify(claim);
    assertCitationsExact({ answer: result.explanation, citations: result.evidence.filter((e) => result.explanation.includes(`[${e.n}]`)), related: result.evidence }, textFrom(index));
    return result;
  };

  it('supports a claim the documents state, quoting the passage', async () => {
    const r = await check('The US imposed taxes on steel and aluminium in 2018.');
    assert.equal(r.verdict, 'supported');
    assert.equal(r.evidence[0]!.stance, 'supports');
    assert.match(r.evidence[0]!.quote, /imposed taxes on steel and aluminium/);
    assert.match(r.explanation, /\[1\]/);
  });

  it('contradicts a wrong year, saying what the sources give', async () => {
    const r = await check('iCET was launched in 2015.');
    assert.equal(r.verdict, 'contradicted');
    assert.equal(r.explanation, 'The sources give 2022, not 2015 [1].');
    assert.equal(r.evidence[0]!.stance, 'contradicts');
  });

  it('contradicts a wrong rank, count, amount or direction', async () => {
    assert.equal((await check("India is the world's largest API manufacturer.")).verdict, 'contradicted');
    assert.equal((await check('The Minerals Security Partnership is a collaboration of 20 countries.')).verdict, 'contradicted');
    assert.equal((await check('The National Critical Minerals Mission allocates ₹3,000 crore for recycling incentives.')).verdict, 'contradicted');
    const direction = await check('The U.S. goods trade deficit with India fell by 5.4% in 2024.');
    assert.equal(direction.verdict, 'contradicted');
    assert.match(direction.explanation, /an increase, not a decrease/);
  });

  it('contradicts a reversed change stated in other words', async () => {
    const r = await check('India has raised tariffs on bourbon and motorcycles.');
    assert.equal(r.verdict, 'contradicted');
    assert.match(r.explanation, /a decrease, not an increase/);
  });

  it('accepts figures written another way', async () => {
    assert.equal((await check("India's import bill for phosphorous was 12,648 crore rupees.")).verdict, 'supported');
  });

  it('has not enough information when the documents never mention the subject', async () => {
    const r = await check('Google will build a semiconductor plant in Assam.');
    assert.equal(r.verdict, 'not_enough_info');
    assert.match(r.explanation, /never mention “Assam”/);
    assert.ok(r.evidence.every((e) => e.stance === 'related'));
  });

  it('explains why a question or an empty statement cannot be checked', async () => {
    const q = await check('Is iCET part of TRUST?');
    assert.equal(q.verdict, 'not_enough_info');
    assert.match(q.explanation, /question, not a claim/);
    const empty = await check('It is what it is.');
    assert.equal(empty.verdict, 'not_enough_info');
    assert.match(empty.explanation, /nothing that can be checked/);
  });

  const claimsFile = join(SHARED_EVAL_DIR, 'claims.jsonl');
  it('meets the quality bar on the development claims: accuracy ≥ 85%, recall ≥ 70% in every class', { skip: !existsSync(claimsFile) && 'no shared eval set' }, async () => {
    const claims = await readJsonl<{ claim: string; label: string }>(claimsFile);
    const byClass = new Map<string, { total: number; right: number }>();
    let right = 0;
    for (const c of claims) {
      const { verdict } = await verifier.verify(c.claim);
      const entry = byClass.get(c.label) ?? { total: 0, right: 0 };
      entry.total++;
      if (verdict === c.label) {
        entry.right++;
        right++;
      }
      byClass.set(c.label, entry);
    }
    assert.ok(right / claims.length >= 0.85, `accuracy ${right}/${claims.length}`);
    for (const [label, { total, right: r }] of byClass) assert.ok(r / total >= 0.7, `recall of ${label}: ${r}/${total}`);
  });
});
