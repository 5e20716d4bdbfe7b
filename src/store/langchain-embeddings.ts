import { Embeddings } from '@langchain/core/embeddings';
import type { Embedder } from '../embed/embedder.js';

/** Presents an Embedder as LangChain `Embeddings`, which LangChain's vector stores expect. */
export class EmbedderEmbeddings extends Embeddings {
  constructor(readonly embedder: Embedder) {
    super({});
  }

  override embedDocuments(texts: string[]): Promise<number[][]> {
    return this.embedder.embed(texts);
  }

  override async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.embedder.embed([text]);
    return vector!;
  }
}
