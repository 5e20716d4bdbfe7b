import { Router, type Response } from 'express';
import type { ConversationStore } from '../chat/conversations.js';
import { conversationListQuery, conversationParams, feedbackBody, parse, renameBody } from './schemas.js';

/** Conversations listed when the client does not say how many. */
export const DEFAULT_CONVERSATIONS_LISTED = 50;

/**
 * The saved conversations of the calling client, and feedback on their turns. Every
 * route acts only on the caller's own conversations (`req.client.id`): another client's
 * id is answered exactly like an id that never existed, 404 CONVERSATION_NOT_FOUND.
 */
export function conversationRoutes(store: () => ConversationStore): Router {
  const router = Router();

  router.get('/conversations', (req, res) => {
    const { limit = DEFAULT_CONVERSATIONS_LISTED } = parse(conversationListQuery, req.query);
    res.json({ conversations: store().list(req.client.id, limit) });
  });

  router.get('/conversations/:id', (req, res) => {
    const { id } = parse(conversationParams, req.params);
    res.json(store().get(id, req.client.id));
  });

  router.patch('/conversations/:id', (req, res) => {
    const { id } = parse(conversationParams, req.params);
    const { title } = parse(renameBody, req.body);
    res.json(store().rename(id, req.client.id, title));
  });

  router.delete('/conversations/:id', (req, res) => {
    const { id } = parse(conversationParams, req.params);
    store().remove(id, req.client.id);
    noContent(res);
  });

  router.post('/feedback', (req, res) => {
    const body = parse(feedbackBody, req.body);
    // An empty comment is no comment.
    const comment = body.comment?.trim() || null;
    store().setFeedback(body.conversationId, body.turnId, { rating: body.rating, comment }, req.client.id);
    noContent(res);
  });

  return router;
}

function noContent(res: Response): void {
  res.status(204).end();
}
