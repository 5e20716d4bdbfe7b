import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertCitationsExact, textFrom } from '../answer/citations.js';
import { fixtureServices, type FixtureCorpus } from '../helpers.js';

async function checker(corpus: FixtureCorpus) {
  const { verifier, index } = await fixtureServices(corpus);
  return async (claim: string) => {
    const result = await verifier.verify(claim);
    // Evidence quotes are exact; the explanation cites only evidence that is shown.
    assertCitationsExact({ answer: result.explanation, citations: result.evidence.filter((e) => result.explanation.includes(`[${e.n}]`)), related: result.evidence }, textFrom(index));
    return result;
  };
}

describe('checking claims against a product manual', async () => {
  const check = await checker('manual');

  it('supports a claim copied from the documents, identifying number and all', async () => {
    const r = await check('The KX-200 connects to 2.4 GHz Wi-Fi networks only.');
    assert.equal(r.verdict, 'supported');
    assert.equal(r.evidence[0]!.stance, 'supports');
    assert.match(r.explanation, /\[1\]/);
  });

  it('contradicts a wrong length of time, saying what the sources give', async () => {
    const warranty = await check('The battery pack is covered for two years.');
    assert.equal(warranty.verdict, 'contradicted');
    assert.match(warranty.explanation, /one year, not two years/);
    assert.equal(warranty.evidence[0]!.stance, 'contradicts');
    assert.equal((await check('A full charge takes about ten hours.')).verdict, 'contradicted');
  });

  it('contradicts a claim the documents deny', async () => {
    assert.equal((await check('The camera body is waterproof.')).verdict, 'contradicted');
  });

  it('does not decide a claim about something the documents do not say', async () => {
    const r = await check('Fenwick Optics was founded in 1987.');
    assert.equal(r.verdict, 'not_enough_info');
    assert.ok(r.evidence.every((e) => e.stance === 'related'), 'nothing shown as deciding');
  });
});

describe('checking claims against a company handbook', async () => {
  const check = await checker('handbook');

  it('supports a claim stated in the documents', async () => {
    assert.equal((await check('Staff may work from home for up to two days a week.')).verdict, 'supported');
  });

  it('contradicts a wrong clock time and a wrong year', async () => {
    const time = await check('The rooftop garden opens at 7:00 between April and September.');
    assert.equal(time.verdict, 'contradicted');
    assert.match(time.explanation, /not 7:00/);
    const year = await check('Marguerite Osei joined Quillfeather from a publishing house in 2015.');
    assert.equal(year.verdict, 'contradicted');
    assert.match(year.explanation, /2019, not 2015/);
  });

  it('reads a negation that ends its clause', async () => {
    assert.equal((await check('Glass bottles are allowed in the rooftop garden.')).verdict, 'contradicted');
  });

  it('says a question is not a claim', async () => {
    const r = await check('When does the rooftop garden open?');
    assert.equal(r.verdict, 'not_enough_info');
    assert.match(r.explanation, /question, not a claim/);
  });
});

describe('checking claims against the bundled documents', async () => {
  const check = await checker('trust');

  it('supports a claim the documents state, and contradicts a wrong year or rank', async () => {
    assert.equal((await check('iCET was launched in 2022.')).verdict, 'supported');
    const year = await check('iCET was launched in 2015.');
    assert.equal(year.verdict, 'contradicted');
    assert.equal(year.explanation, 'The sources give 2022, not 2015 [1].');
    const rank = await check('India is the largest manufacturer of active pharmaceutical ingredients.');
    assert.equal(rank.verdict, 'contradicted');
    assert.match(rank.explanation, /second-largest, not largest/);
  });

  it('rejects an empty claim', async () => {
    await assert.rejects(check('   '), /empty/);
  });
});
