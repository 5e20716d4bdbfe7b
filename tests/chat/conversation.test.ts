import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConversationStore } from '../../src/chat/conversations.js';
import { isFollowUp, rewriteFollowUp, standaloneOf, subjectOf } from '../../src/chat/rewrite.js';

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
  it('carry a subject through a history the client keeps, as a stored conversation would', () => {
    assert.equal(standaloneOf(['What is INDUS Innovation modeled on?', 'What does it promote?']), 'What does INDUS Innovation promote?');
    // Each question is read against the one before it, made standalone first.
    assert.equal(standaloneOf(['What is the TRUST initiative?', 'Which companies are involved in that?', 'And when will it be ready?']), 'When will TRUST initiative be ready?');
    assert.equal(standaloneOf([]), undefined);
  });
  it('find the subject of a question', () => {
    assert.equal(subjectOf('What is INDUS Innovation modeled on?'), 'INDUS Innovation');
    assert.equal(subjectOf('When was iCET launched?'), 'iCET');
    assert.equal(subjectOf('Which drone platform did India acquire?'), 'India');
  });
});

describe('the conversation store', () => {
  it('keeps turns in order, bounded in number', () => {
    const store = new ConversationStore({ maxTurns: 2 });
    for (const q of ['a', 'b', 'c']) store.append('c1', { question: q, standaloneQuestion: q, answer: '' });
    assert.deepEqual(store.history('c1').map((t) => t.question), ['b', 'c']);
  });
  it('forgets the least recently used conversation when full', () => {
    const store = new ConversationStore({ maxConversations: 2 });
    store.append('one', { question: 'q', standaloneQuestion: 'q', answer: '' });
    store.append('two', { question: 'q', standaloneQuestion: 'q', answer: '' });
    store.append('one', { question: 'q2', standaloneQuestion: 'q2', answer: '' });
    store.append('three', { question: 'q', standaloneQuestion: 'q', answer: '' });
    assert.equal(store.size, 2);
    assert.deepEqual(store.history('two'), []);
    assert.equal(store.history('one').length, 2);
  });
  it('forgets idle conversations', () => {
    let now = 0;
    const store = new ConversationStore({ maxIdleMs: 1000 }, () => now);
    store.append('c', { question: 'q', standaloneQuestion: 'q', answer: '' });
    now = 999;
    assert.equal(store.history('c').length, 1);
    now = 2500;
    assert.deepEqual(store.history('c'), []);
  });
});

describe('conversation ids', () => {
  it('are issued by the store, random, and a made-up id starts a new conversation', () => {
    const store = new ConversationStore();
    const a = store.start('client-a');
    const b = store.start('client-a');
    assert.match(a, /^[0-9a-f-]{36}$/);
    assert.notEqual(a, b);
    assert.equal(store.resume(a, 'client-a'), a);
    const madeUp = store.resume('my-own-id', 'client-a');
    assert.notEqual(madeUp, 'my-own-id');
  });
  it("belong to their client: another client cannot read or continue them", () => {
    const store = new ConversationStore();
    const id = store.start('client-a');
    store.append(id, { question: 'secret plan?', standaloneQuestion: 'secret plan?', answer: '' }, 'client-a');
    assert.deepEqual(store.history(id, 'client-b'), []);
    assert.notEqual(store.resume(id, 'client-b'), id);
    assert.equal(store.history(id, 'client-a').length, 1);
  });
  it("are capped per client, so one client's thousand conversations do not push out another's", () => {
    const store = new ConversationStore({ maxPerClient: 5 });
    const mine = store.start('quiet');
    store.append(mine, { question: 'q', standaloneQuestion: 'q', answer: '' }, 'quiet');
    for (let i = 0; i < 1000; i++) store.start('noisy');
    assert.equal(store.history(mine, 'quiet').length, 1);
    assert.equal(store.size, 6);
  });
});
