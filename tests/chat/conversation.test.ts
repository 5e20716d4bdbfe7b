import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isFollowUp, rewriteFollowUp, subjectOf } from '../../src/chat/rewrite.js';

describe('follow-up questions', () => {
  it('put the previous subject in place of a pronoun', () => {
    assert.equal(
      rewriteFollowUp('And when will it be ready?', 'What is the U.S.-India Roadmap on Accelerating AI Infrastructure?'),
      'When will U.S.-India Roadmap on Accelerating AI Infrastructure be ready?',
    );
    assert.equal(rewriteFollowUp('Which companies are involved in that?', 'What is the TRUST initiative?'), 'Which companies are involved in TRUST initiative?');
    assert.equal(rewriteFollowUp('Who leads its work?', 'What is the Bio-X initiative about?'), "Who leads Bio-X initiative's work?");
  });
  it('ask the previous question again about a new topic after "what about"', () => {
    assert.equal(rewriteFollowUp('What about Micron?', 'Which drone platform did India acquire?'), 'Which drone platform did Micron acquire?');
  });
  it('add the previous topic to an elliptical question', () => {
    assert.equal(rewriteFollowUp('And for exploration?', 'How much does the critical minerals mission set aside for recycling?'), 'For exploration (critical minerals mission)?');
  });
  it('leave standalone questions, and first questions, as they are', () => {
    assert.equal(rewriteFollowUp('What does the TRUST initiative cover?', 'When was iCET launched?'), 'What does the TRUST initiative cover?');
    assert.equal(rewriteFollowUp('When will it be ready?', undefined), 'When will it be ready?');
    assert.equal(isFollowUp('Which platform is the main forum that handles trade?'), false);
  });
  it('find the subject of a question', () => {
    assert.equal(subjectOf('What is INDUS Innovation modeled on?'), 'INDUS Innovation');
    assert.equal(subjectOf('When was iCET launched?'), 'iCET');
    assert.equal(subjectOf('Which drone platform did India acquire?'), 'India');
  });
});
