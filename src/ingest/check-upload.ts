import { readDocumentBytes } from './read-document.js';

/**
 * Reads an uploaded file exactly as the indexer will, so that a corrupt, encrypted,
 * scanned or empty file is refused at upload, with its reason, instead of being stored
 * and then skipped by the next build.
 */
export async function checkUpload(name: string, bytes: Buffer): Promise<void> {
  await readDocumentBytes(name, bytes);
}
