import type { ChunkerSettings, IndexManifest, SourceDoc } from '../types.js';
import { CHUNKER_VERSION } from '../ingest/chunk.js';
import { JUDGMENT_VERSION } from '../evidence/training.js';

/** Bump when the files of an index generation change shape. */
export const INDEX_FORMAT_VERSION = 3;

/** How the corpus differs from what an index was built from. */
export interface Staleness {
  fresh: boolean;
  /** Why the index cannot be used as is; empty when fresh. */
  reason: string;
  added: string[];
  changed: string[];
  removed: string[];
}

/** Compares an index's manifest with the current corpus, embedder and chunker settings. */
export function checkStaleness(manifest: IndexManifest, docs: SourceDoc[], embedderId: string, chunker: ChunkerSettings): Staleness {
  const current = new Map(docs.map((d) => [d.id, d.hash]));
  const added = docs.filter((d) => !manifest.documents[d.id]).map((d) => d.id);
  const changed = docs.filter((d) => manifest.documents[d.id] && manifest.documents[d.id]!.hash !== d.hash).map((d) => d.id);
  const removed = Object.keys(manifest.documents).filter((id) => !current.has(id));
  const reasons: string[] = [];
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) reasons.push(`index format ${manifest.formatVersion} is not ${INDEX_FORMAT_VERSION}`);
  if (manifest.embedder.id !== embedderId) reasons.push(`built with embedder ${manifest.embedder.id}, configured ${embedderId}`);
  if (!sameChunker(manifest.chunker, chunker)) reasons.push('chunker settings changed');
  if (manifest.judgmentVersion !== JUDGMENT_VERSION) reasons.push(`judgment models are version ${manifest.judgmentVersion ?? 'none'}, this version fits ${JUDGMENT_VERSION}`);
  if (added.length) reasons.push(`${added.length} document(s) added`);
  if (changed.length) reasons.push(`${changed.length} document(s) changed`);
  if (removed.length) reasons.push(`${removed.length} document(s) removed`);
  return { fresh: reasons.length === 0, reason: reasons.join('; '), added, changed, removed };
}

function sameChunker(recorded: IndexManifest['chunker'], wanted: ChunkerSettings): boolean {
  return (
    recorded.version === CHUNKER_VERSION &&
    recorded.targetChars === wanted.targetChars &&
    recorded.maxChars === wanted.maxChars &&
    recorded.minChars === wanted.minChars &&
    recorded.overlapChars === wanted.overlapChars
  );
}
