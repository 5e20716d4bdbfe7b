import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { AppError, messageOf } from '../errors.js';
import { sha256 } from '../hash.js';
import type { Logger } from '../log.js';
import { silentLogger } from '../log.js';
import { DEFAULT_BUILD_SETTINGS } from '../settings.js';
import type { Embedder } from './embedder.js';

/** Called as embedding work progresses: `done` of `total` texts that needed the model. */
export type ProgressFn = (done: number, total: number) => void;

/** How the cache writes itself and how much it keeps. */
export interface EmbeddingCacheOptions {
  /** Where damaged blocks and failed writes are reported. */
  logger?: Logger;
  /** New vectors are appended to disk at least this often while embedding; 0 after every batch. @default 2 */
  checkpointSeconds?: number;
  /** …or as soon as this many new vectors wait. @default 1024 */
  checkpointVectors?: number;
  /** Most vectors kept; beyond it the least recently used go first, never those this session used. @default 200000 */
  maxVectors?: number;
}

/*
 * On disk, one file per embedder, `<embedder id>.vectors`: an append-only series of
 * blocks, each checked by its own SHA-256, so that damage anywhere costs only the
 * blocks it touches. A block is
 *
 *   offset  bytes  field
 *   0       4      magic "TRVB"
 *   4       1      format version (1)
 *   5       1      kind: 1 = vectors, 2 = uses (keys a build used, oldest first)
 *   6       2      zero
 *   8       4      dimension (uint32 LE)
 *   12      4      entries
 *   16      4      payload bytes
 *   20      8      first 8 bytes of SHA-256 of the embedder id
 *   28      4      zero
 *   32      32     SHA-256 of bytes 0–31 followed by the payload
 *   64      …      payload: per entry a 16-byte key, then (vectors) `dimension` float32 LE
 *
 * Later blocks win: a key's position in the file (its last vectors or uses entry) is its
 * recency, which is what the size cap evicts by.
 */
const MAGIC = Buffer.from('TRVB', 'latin1');
const FORMAT = 1;
const HEADER_BYTES = 64;
const KEY_BYTES = 16;
const KIND_VECTORS = 1;
const KIND_USES = 2;
/** A damaged block costs its vectors: 64 is one embedding batch, seconds to redo. */
const BLOCK_VECTORS = 64;
const USES_PER_BLOCK = 4096;
/** The file is rewritten once superseded and bookkeeping bytes outweigh the live vectors. */
const MAX_WASTE_RATIO = 1;
/** Texts sent to the model at a time; checkpoints fall between batches. At least the USE embedder's threshold for using its worker threads. */
const DEFAULT_BATCH = 64;

interface ParsedBlock {
  kind: number;
  count: number;
  payload: Buffer;
  end: number;
}

/**
 * Vectors keyed by (embedder id, text hash), kept on disk between builds, so that
 * re-indexing unchanged text costs nothing and an edited document only pays for the
 * sentences that changed. New vectors are checkpointed while a build runs, so a killed
 * build keeps what it embedded; vectors of removed text stay until the size cap, so a
 * document put back is not embedded again. Each embedder has its own file, so vectors
 * never mix.
 */
export class EmbeddingCache {
  /** In least-recently-used order: the first entries are evicted first. */
  private readonly vectors = new Map<string, Float32Array>();
  /** Keys this session asked for; never evicted by it. */
  private readonly used = new Set<string>();
  /** Keys embedded but not yet on disk. */
  private pending: string[] = [];
  private usesChanged = false;
  /** Bytes in the file, live or not, as far as this process knows. */
  private fileBytes = 0;
  /** The next write must replace the file rather than append to it (missing, damaged or old format). */
  private rewrite = true;
  private legacyFiles: string[] = [];
  private persist = true;
  private lastCheckpoint = performance.now();
  private writing: Promise<void> = Promise.resolve();
  private readonly tag: Buffer;
  private readonly logger: Logger;
  private readonly checkpointMs: number;
  private readonly checkpointVectors: number;
  private readonly maxVectors: number;

  private constructor(
    readonly embedderId: string,
    readonly dimension: number,
    private readonly path: string,
    options: EmbeddingCacheOptions,
  ) {
    this.tag = Buffer.from(sha256(embedderId).slice(0, 16), 'hex');
    this.logger = options.logger ?? silentLogger;
    this.checkpointMs = (options.checkpointSeconds ?? DEFAULT_BUILD_SETTINGS.checkpointSeconds) * 1000;
    this.checkpointVectors = options.checkpointVectors ?? DEFAULT_BUILD_SETTINGS.checkpointVectors;
    this.maxVectors = options.maxVectors ?? DEFAULT_BUILD_SETTINGS.cacheMaxVectors;
  }

  get size(): number {
    return this.vectors.size;
  }

  /** Whether a text's vector is cached. */
  has(text: string): boolean {
    return this.vectors.has(EmbeddingCache.keyOf(text));
  }

  static keyOf(text: string): string {
    return sha256(text).slice(0, 32);
  }

  private static fileBase(dir: string, embedderId: string): string {
    return join(dir, embedderId.replace(/[^A-Za-z0-9._-]+/g, '_'));
  }

  private get entryBytes(): number {
    return KEY_BYTES + this.dimension * 4;
  }

  /**
   * Loads the cache for an embedder. Damage never fails a build: blocks that are
   * truncated, zeroed or altered, or hold vectors of the wrong length or non-finite
   * numbers, are dropped with one warning naming them, and their texts are embedded again.
   */
  static async load(dir: string, embedderId: string, dimension: number, options: EmbeddingCacheOptions = {}): Promise<EmbeddingCache> {
    const base = EmbeddingCache.fileBase(dir, embedderId);
    const cache = new EmbeddingCache(embedderId, dimension, `${base}.vectors`, options);
    let data: Buffer | undefined;
    try {
      data = await readFile(cache.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') cache.logger.warn(`cannot read the embedding cache ${cache.path} (${messageOf(err)}); starting without it`);
    }
    if (data) {
      cache.readBlocks(data);
      // Left over from an upgrade that was interrupted; removed at the next rewrite.
      cache.legacyFiles = [`${base}.keys.json`, `${base}.f32`];
    } else await cache.importLegacy(base);
    return cache;
  }

  private readBlocks(data: Buffer): void {
    const dropped: string[] = [];
    let pos = 0;
    while (pos < data.length) {
      const parsed = this.parseBlock(data, pos);
      if (typeof parsed !== 'string') {
        this.applyBlock(parsed, pos, dropped);
        pos = parsed.end;
        continue;
      }
      // Go on from the next thing that looks like a block header (it may be damaged too,
      // and is then reported on its own); whatever lies between is lost.
      let next = data.indexOf(MAGIC, pos + 1);
      while (next >= 0 && !this.headerAt(data, next)) next = data.indexOf(MAGIC, next + 1);
      const end = next < 0 ? data.length : next;
      dropped.push(`${parsed} at byte ${pos} (${end - pos} bytes${this.vectorsIn(data, pos, end)})`);
      pos = end;
    }
    this.fileBytes = data.length;
    this.rewrite = dropped.length > 0;
    if (dropped.length > 0) {
      const shown = dropped.slice(0, 5).join('; ') + (dropped.length > 5 ? `; and ${dropped.length - 5} more` : '');
      this.logger.warn(`embedding cache ${this.path} is damaged: dropped ${shown}. Those texts will be embedded again.`);
    }
  }

  /** The fields of a block header at `pos` when they are consistent with each other. */
  private headerAt(data: Buffer, pos: number): { kind: number; dimension: number; count: number; payloadBytes: number } | undefined {
    if (data.length - pos < HEADER_BYTES || !data.subarray(pos, pos + 4).equals(MAGIC)) return undefined;
    const kind = data.readUInt8(pos + 5);
    const dimension = data.readUInt32LE(pos + 8);
    const count = data.readUInt32LE(pos + 12);
    const payloadBytes = data.readUInt32LE(pos + 16);
    const entry = kind === KIND_VECTORS ? KEY_BYTES + dimension * 4 : KEY_BYTES;
    if (data.readUInt8(pos + 4) !== FORMAT || (kind !== KIND_VECTORS && kind !== KIND_USES) || payloadBytes !== count * entry) return undefined;
    return { kind, dimension, count, payloadBytes };
  }

  /** A block at `pos`, or why there is none. */
  private parseBlock(data: Buffer, pos: number): ParsedBlock | string {
    const head = data.subarray(pos, pos + HEADER_BYTES);
    if (!head.subarray(0, 4).equals(MAGIC.subarray(0, Math.min(4, head.length)))) return head.every((b) => b === 0) ? 'zeroed bytes' : 'unreadable bytes';
    if (head.length < HEADER_BYTES) return 'a truncated block';
    const header = this.headerAt(data, pos);
    if (!header) return 'a block with a damaged header';
    const { kind, dimension, count, payloadBytes } = header;
    const end = pos + HEADER_BYTES + payloadBytes;
    if (end > data.length) return `a truncated block of ${count} ${kind === KIND_VECTORS ? 'vectors' : 'uses'}`;
    const payload = data.subarray(pos + HEADER_BYTES, end);
    const digest = this.checksum(data.subarray(pos, pos + 32), payload);
    if (!digest.equals(data.subarray(pos + 32, pos + HEADER_BYTES))) return `a block of ${count} ${kind === KIND_VECTORS ? 'vectors' : 'uses'} that fails its checksum`;
    if (!data.subarray(pos + 20, pos + 28).equals(this.tag)) return 'a block of another embedder';
    if (kind === KIND_VECTORS && dimension !== this.dimension) return `a block of ${dimension}-dimension vectors (expected ${this.dimension})`;
    return { kind, count, payload, end };
  }

  /** "; about N vectors" for a lost stretch, counted from its block headers where they survive. */
  private vectorsIn(data: Buffer, start: number, end: number): string {
    const found = this.headerAt(data, start);
    if (found?.kind === KIND_USES) return '';
    const header = found?.count;
    const estimate = header ?? Math.floor((end - start) / this.entryBytes);
    return estimate > 0 ? `, ${header === undefined ? 'about ' : ''}${estimate} vector${estimate === 1 ? '' : 's'}` : '';
  }

  private applyBlock(block: ParsedBlock, pos: number, dropped: string[]): void {
    const { payload, count } = block;
    if (block.kind === KIND_USES) {
      for (let i = 0; i < count; i++) {
        const key = payload.toString('hex', i * KEY_BYTES, (i + 1) * KEY_BYTES);
        const vector = this.vectors.get(key);
        if (vector) this.moveToEnd(key, vector);
      }
      return;
    }
    // Copied into one array per block, not viewed in place: the file's buffer need not be 4-byte aligned.
    const floats = new Float32Array(count * this.dimension);
    const bytes = new Uint8Array(floats.buffer);
    for (let i = 0; i < count; i++) {
      const at = i * this.entryBytes;
      bytes.set(payload.subarray(at + KEY_BYTES, at + this.entryBytes), i * this.dimension * 4);
    }
    let invalid = 0;
    for (let i = 0; i < count; i++) {
      const vector = floats.subarray(i * this.dimension, (i + 1) * this.dimension);
      if (!allFinite(vector)) {
        invalid++;
        continue;
      }
      const at = i * this.entryBytes;
      this.moveToEnd(payload.toString('hex', at, at + KEY_BYTES), vector);
    }
    if (invalid > 0) dropped.push(`${invalid} vector${invalid === 1 ? '' : 's'} with non-finite numbers in the block at byte ${pos}`);
  }

  private moveToEnd(key: string, vector: Float32Array): void {
    this.vectors.delete(key);
    this.vectors.set(key, vector);
  }

  /** Reads the cache of earlier versions (`.keys.json` + `.f32`), so that upgrading re-embeds nothing. */
  private async importLegacy(base: string): Promise<void> {
    const files = [`${base}.keys.json`, `${base}.f32`];
    let keysRaw: string;
    let data: Buffer;
    try {
      [keysRaw, data] = await Promise.all([readFile(files[0]!, 'utf8'), readFile(files[1]!)]);
    } catch {
      return;
    }
    this.legacyFiles = files;
    try {
      const header = JSON.parse(keysRaw) as { embedderId: string; dimension: number; keys: string[] };
      if (header.embedderId !== this.embedderId || header.dimension !== this.dimension || data.byteLength !== header.keys.length * this.dimension * 4) {
        throw new Error('its header does not match its data');
      }
      header.keys.forEach((key, i) => {
        const vector = new Float32Array(this.dimension);
        Buffer.from(vector.buffer).set(data.subarray(i * this.dimension * 4, (i + 1) * this.dimension * 4));
        if (/^[0-9a-f]{32}$/.test(key) && allFinite(vector)) this.moveToEnd(key, vector);
      });
    } catch (err) {
      this.logger.warn(`ignoring the damaged embedding cache ${base}.f32: ${messageOf(err)}`);
      this.vectors.clear();
    }
  }

  /**
   * Vectors for `texts`, computing only the ones not cached yet, and checkpointing new
   * ones to disk as it goes. Returns how many texts had to be embedded.
   */
  async embedAll(embedder: Embedder, texts: string[], onProgress?: ProgressFn, batchSize = DEFAULT_BATCH): Promise<{ vectors: number[][]; computed: number }> {
    const keys = texts.map(EmbeddingCache.keyOf);
    const textOf = new Map<string, string>();
    const missing: string[] = [];
    for (const [i, key] of keys.entries()) {
      this.used.add(key);
      const cached = this.vectors.get(key);
      if (cached) this.moveToEnd(key, cached);
      else if (!textOf.has(key)) missing.push(key);
      textOf.set(key, texts[i]!);
    }
    this.usesChanged ||= keys.length > 0;
    // Even batches, none smaller than batchSize, so the last one is not a slow straggler.
    const size = Math.ceil(missing.length / Math.max(1, Math.floor(missing.length / batchSize)));
    onProgress?.(0, missing.length);
    try {
      for (let i = 0; i < missing.length; i += size) {
        const batch = missing.slice(i, i + size);
        const vectors = await embedder.embed(batch.map((k) => textOf.get(k)!));
        if (vectors.length !== batch.length || vectors.some((v) => v.length !== this.dimension || !allFinite(v))) {
          throw new AppError('EMBEDDING_FAILED', `${embedder.id} returned vectors of the wrong count or length, or non-finite numbers (expected ${batch.length} × ${this.dimension})`);
        }
        batch.forEach((k, j) => this.vectors.set(k, Float32Array.from(vectors[j]!)));
        this.pending.push(...batch);
        if (this.pending.length >= this.checkpointVectors || performance.now() - this.lastCheckpoint >= this.checkpointMs) await this.checkpoint();
        onProgress?.(Math.min(i + size, missing.length), missing.length);
      }
    } catch (err) {
      // What was embedded before the failure is good: keep it for the next attempt.
      await this.checkpoint();
      throw err;
    }
    return { vectors: keys.map((k) => Array.from(this.vectors.get(k)!)), computed: missing.length };
  }

  /** Appends the vectors embedded since the last checkpoint to disk, durably. Never throws. */
  checkpoint(): Promise<void> {
    return this.enqueue(async () => {
      this.lastCheckpoint = performance.now();
      if (this.pending.length === 0) return;
      if (this.rewrite) return this.compact();
      // Two overlapping embedAll calls may both have embedded a text; once on disk is enough.
      await this.append(this.vectorBlocks([...new Set(this.pending)]));
      this.pending = [];
    });
  }

  /**
   * Writes what is not on disk yet and records which vectors this session used, so that
   * they count as recently used. Over the size cap, the least recently used vectors that
   * this session did not use are dropped and the file is rewritten; it is also rewritten
   * when damaged, or when mostly superseded bytes. Never throws: a cache that cannot be
   * written only costs time later.
   */
  save(): Promise<void> {
    return this.enqueue(async () => {
      let evicted = 0;
      for (const key of this.vectors.keys()) {
        if (this.vectors.size <= this.maxVectors) break;
        if (this.used.has(key)) continue;
        this.vectors.delete(key);
        evicted++;
      }
      const uses = this.usesChanged ? [...this.vectors.keys()].filter((k) => this.used.has(k)) : [];
      if (this.vectors.size === 0 && this.fileBytes === 0) return;
      const appendBytes = (this.pending.length * this.entryBytes) + (uses.length * KEY_BYTES) + HEADER_BYTES * 2;
      const liveBytes = this.vectors.size * (this.entryBytes + HEADER_BYTES / BLOCK_VECTORS);
      if (this.rewrite || evicted > 0 || this.fileBytes + appendBytes - liveBytes > liveBytes * MAX_WASTE_RATIO) {
        if (evicted > 0) this.logger.info(`embedding cache: dropped the ${evicted} least recently used vectors beyond the cap of ${this.maxVectors}`);
        return this.compact();
      }
      const blocks = this.vectorBlocks([...new Set(this.pending)]);
      for (let i = 0; i < uses.length; i += USES_PER_BLOCK) {
        const slice = uses.slice(i, i + USES_PER_BLOCK);
        const payload = Buffer.alloc(slice.length * KEY_BYTES);
        slice.forEach((k, j) => payload.write(k, j * KEY_BYTES, 'hex'));
        blocks.push(this.block(KIND_USES, slice.length, payload));
      }
      if (blocks.length > 0) await this.append(blocks);
      this.pending = [];
      this.usesChanged = false;
    });
  }

  /** Runs file work one piece at a time; a failure turns persistence off with a warning. */
  private enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.writing.then(async () => {
      if (!this.persist) return;
      try {
        await work();
      } catch (err) {
        this.persist = false;
        this.logger.warn(`cannot write the embedding cache ${this.path} (${messageOf(err)}); this build goes on without saving its vectors`);
      }
    });
    this.writing = run;
    return run;
  }

  private checksum(header: Buffer, payload: Buffer): Buffer {
    return createHash('sha256').update(header).update(payload).digest();
  }

  private block(kind: number, count: number, payload: Buffer): Buffer {
    const header = Buffer.alloc(HEADER_BYTES);
    MAGIC.copy(header, 0);
    header.writeUInt8(FORMAT, 4);
    header.writeUInt8(kind, 5);
    header.writeUInt32LE(this.dimension, 8);
    header.writeUInt32LE(count, 12);
    header.writeUInt32LE(payload.length, 16);
    this.tag.copy(header, 20);
    this.checksum(header.subarray(0, 32), payload).copy(header, 32);
    return Buffer.concat([header, payload]);
  }

  private vectorBlocks(keys: string[]): Buffer[] {
    const blocks: Buffer[] = [];
    for (let i = 0; i < keys.length; i += BLOCK_VECTORS) {
      const slice = keys.slice(i, i + BLOCK_VECTORS);
      const payload = Buffer.alloc(slice.length * this.entryBytes);
      slice.forEach((key, j) => {
        const vector = this.vectors.get(key)!;
        payload.write(key, j * this.entryBytes, 'hex');
        Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).copy(payload, j * this.entryBytes + KEY_BYTES);
      });
      blocks.push(this.block(KIND_VECTORS, slice.length, payload));
    }
    return blocks;
  }

  /** Appends whole blocks and syncs: a kill mid-write leaves a torn last block, which load() drops. */
  private async append(blocks: Buffer[]): Promise<void> {
    const handle = await open(this.path, 'a');
    try {
      for (const block of blocks) await handle.write(block);
      await handle.sync();
    } finally {
      await handle.close();
    }
    this.fileBytes += blocks.reduce((n, b) => n + b.length, 0);
  }

  /** Replaces the file with every cached vector in recency order, atomically (temporary file, sync, rename). */
  private async compact(): Promise<void> {
    const dir = join(this.path, '..');
    await mkdir(dir, { recursive: true });
    const tmp = `${this.path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    const handle = await open(tmp, 'w');
    let bytes = 0;
    try {
      const keys = [...this.vectors.keys()];
      for (let i = 0; i < keys.length; i += BLOCK_VECTORS * 16) {
        const blocks = this.vectorBlocks(keys.slice(i, i + BLOCK_VECTORS * 16));
        for (const block of blocks) {
          await handle.write(block);
          bytes += block.length;
        }
      }
      await handle.sync();
      await handle.close();
      await rename(tmp, this.path);
    } catch (err) {
      await handle.close().catch(() => undefined);
      await rm(tmp, { force: true });
      throw err;
    }
    await syncDir(dir);
    this.fileBytes = bytes;
    this.rewrite = false;
    this.pending = [];
    this.usesChanged = false;
    for (const file of this.legacyFiles) await rm(file, { force: true });
    this.legacyFiles = [];
  }
}

function allFinite(vector: ArrayLike<number>): boolean {
  for (let i = 0; i < vector.length; i++) {
    // NaN and ±Infinity are the numbers for which x - x is not 0.
    if (vector[i]! - vector[i]! !== 0) return false;
  }
  return true;
}

/** Makes a rename durable; not every platform can open a folder, which only costs durability. */
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}
