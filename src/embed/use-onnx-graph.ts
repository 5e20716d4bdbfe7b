import { DataType, OnnxGraph } from './onnx-writer.js';
import type { UseWeight } from './use-weights.js';

/**
 * Re-expresses the Universal Sentence Encoder lite graph ("KonaTransformer", as converted to
 * TF.js) as an ONNX model over dense, padded batches. What the TF.js graph does, read from its
 * nodes:
 *
 * - tokens past position 128 are dropped; the sparse ids become a dense [batch, time] matrix
 *   padded with -1, and the mask is "a token is there" (so the unknown piece, id 0, counts);
 * - input = embedding + (embedding + sinusoidal timing signal): the graph adds the embedding
 *   twice, once through each of two scatters, and so do we;
 * - two pre-norm transformer layers (layer norm, epsilon 1e-6): 4 heads of 64 then 4 of 128;
 *   attention adds -1e9 to padded keys; the first layer's residual is projected 256 → 512;
 *   feed-forward (ReLU, 1536 wide) and that projection only run on real tokens, so padded
 *   positions get zeros there (the graph gathers, computes and scatters back);
 * - mean over real tokens (divided by max(count, 1)), then a 512 → 512 tanh layer.
 *
 * The graph's last step, l2 normalisation, is left to the caller, which normalises anyway.
 * Padding changes nothing for real tokens (per-position ops, masked attention, masked mean),
 * so a batch gives each text the vector it gets alone.
 */

const KT = 'module_apply_default/Encoder_en/KonaTransformer/';
const K = `${KT}Encode/`;
const V = 'module/Encoder_en/KonaTransformer/Encode/';

/** Longest input the graph reads, in tokens; it drops the rest. */
export const USE_MAX_TOKENS = 128;

const HEADS = 4;

/** Names of the graph's inputs: token ids and a 1/0 mask of real tokens, both [batch, time]. */
export const USE_ONNX_INPUTS = { ids: 'ids', mask: 'mask' } as const;
export const USE_ONNX_OUTPUT = 'embedding';

/** Builds the ONNX model bytes from the TF.js weights (see readUseModelFiles). */
export function buildUseOnnxModel(weights: Map<string, UseWeight>): Uint8Array {
  const get = (name: string, shape?: number[]): UseWeight => {
    const w = weights.get(name);
    if (!w) throw new Error(`the TF.js model has no weight ${name}`);
    if (shape && w.shape.join(',') !== shape.join(',')) throw new Error(`weight ${name} has shape [${w.shape}], expected [${shape}]`);
    return w;
  };
  const scalarOf = (name: string) => get(name, []).data[0]!;
  const checkScalar = (name: string, expected: number) => {
    const actual = scalarOf(name);
    if (actual !== expected) throw new Error(`the TF.js model has ${name} = ${actual}, expected ${expected}`);
  };
  // The architecture below hard-codes these; a different model version must not pass silently.
  checkScalar(`${KT}ClipToMaxLength/Less/y`, USE_MAX_TOKENS);
  checkScalar(`${K}SparseToDense/default_value`, -1);
  checkScalar(`${K}TransformerStack/Layer_1/TransformerLayer/MultiheadAttention/split_heads/split_last_dimension/Reshape/shape/2`, HEADS);

  const g = new OnnxGraph();
  const f32 = (name: string, shape: number[], dims = shape) => g.constant(get(name, shape).data as Float32Array, dims);

  const ids = g.input(USE_ONNX_INPUTS.ids, DataType.INT64, ['batch', 'time']);
  const mask = g.input(USE_ONNX_INPUTS.mask, DataType.FLOAT, ['batch', 'time']);
  const mask3 = g.op('Unsqueeze', [mask, g.ints([2])]);
  const epsilon = scalarOf(`${K}TransformerStack/Layer_1/TransformerLayer/FFN/layer_prepostprocess/layer_norm/Cast/x`);

  // Attention bias: -1e9 on padded keys, shaped [batch, 1, 1, time] to broadcast over heads and queries.
  const notMask = g.op('Sub', [g.scalar(1), mask]);
  const bias = g.op('Unsqueeze', [g.op('Mul', [notMask, g.scalar(-1e9)]), g.ints([1, 2])]);

  // Timing signal: sin and cos of position × 128 inverse timescales, concatenated to 256.
  const time = g.op('Gather', [g.op('Shape', [ids]), g.constant(BigInt64Array.of(1n), [])], { axis: 0 });
  const positions = g.op('Cast', [g.op('Range', [g.constant(BigInt64Array.of(0n), []), time, g.constant(BigInt64Array.of(1n), [])])], { to: DataType.FLOAT });
  const inverse = f32(`${K}TransformerStack/Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1`, [1, 128]);
  const angles = g.op('Mul', [g.op('Unsqueeze', [positions, g.ints([1])]), inverse]);
  const timing = g.op('Concat', [g.op('Sin', [angles]), g.op('Cos', [angles])], { axis: 1 });

  const embedded = g.op('Gather', [f32('module/Embeddings_en', [8002, 256]), ids], { axis: 0 });
  const x0 = g.op('Mul', [g.op('Add', [embedded, g.op('Add', [embedded, timing])]), mask3]);

  const layerNorm = (x: string, prefix: string, width: number) =>
    g.op('LayerNormalization', [x, f32(`${prefix}layer_norm/layer_norm_scale/ConcatPartitions/concat`, [width]), f32(`${prefix}layer_norm/layer_norm_bias/ConcatPartitions/concat`, [width])], {
      axis: -1,
      epsilon: { float: epsilon },
    });
  const dense = (x: string, kernel: string, kernelShape: number[], biasName: string) =>
    g.op('Add', [g.op('MatMul', [x, f32(kernel, kernelShape, kernelShape.slice(-2))]), f32(biasName, [kernelShape.at(-1)!])]);

  const attention = (x: string, layer: number, width: number) => {
    const w = `${K}Layer_${layer}/TransformerLayer/MultiheadAttention/`;
    const v = `${V}Layer_${layer}/TransformerLayer/MultiheadAttention/`;
    const scale = scalarOf(`${K}TransformerStack/Layer_${layer}/TransformerLayer/MultiheadAttention/mul/y`);
    const qkv = dense(x, `${v}qkv_transform_single/kernel/part_0`, [1, 1, width, 3 * width], `${w}qkv_transform_single/bias/ConcatPartitions/concat`);
    const [q, k, val] = g.opMulti('Split', [qkv, g.ints([width, width, width])], 3, { axis: 2 });
    // [batch, time, width] → [batch, heads, time, width / heads], or [..., width / heads, time] for the keys.
    const heads = (t: string, perm: number[]) => g.op('Transpose', [g.op('Reshape', [t, g.ints([0, 0, HEADS, width / HEADS])])], { perm });
    const queries = g.op('Mul', [heads(q!, [0, 2, 1, 3]), g.scalar(scale)]);
    const scores = g.op('Add', [g.op('MatMul', [queries, heads(k!, [0, 2, 3, 1])]), bias]);
    const weighted = g.op('MatMul', [g.op('Softmax', [scores], { axis: -1 }), heads(val!, [0, 2, 1, 3])]);
    const combined = g.op('Reshape', [g.op('Transpose', [weighted], { perm: [0, 2, 1, 3] }), g.ints([0, 0, width])]);
    return dense(combined, `${v}output_transform_single/kernel/part_0`, [1, 1, width, 512], `${w}output_transform_single/bias/ConcatPartitions/concat`);
  };

  const feedForward = (x: string, layer: number) => {
    const w = `${K}Layer_${layer}/TransformerLayer/FFN/`;
    const s = `${K}TransformerStack/Layer_${layer}/TransformerLayer/FFN/`;
    const hidden = g.op('Relu', [dense(layerNorm(x, `${w}layer_prepostprocess/`, 512), `${s}conv1/Tensordot/Reshape_1`, [512, 1536], `${w}conv1/bias/ConcatPartitions/concat`)]);
    const out = dense(hidden, `${s}conv2/Tensordot/Reshape_1`, [1536, 512], `${w}conv2/bias/ConcatPartitions/concat`);
    return g.op('Add', [g.op('Mul', [out, mask3]), x]);
  };

  // Layer 0: 256 wide in, 512 out, so its residual goes through a dense projection (real tokens only).
  const w0 = `${K}Layer_0/TransformerLayer/`;
  const residual0 = g.op('Mul', [dense(x0, `${w0}dense/kernel/ConcatPartitions/concat`, [256, 512], `${w0}dense/bias/ConcatPartitions/concat`), mask3]);
  const h0 = g.op('Add', [attention(layerNorm(x0, `${w0}layer_prepostprocess/`, 256), 0, 256), residual0]);
  const f0 = feedForward(h0, 0);
  const w1 = `${K}Layer_1/TransformerLayer/`;
  const h1 = g.op('Add', [attention(layerNorm(f0, `${w1}layer_prepostprocess/`, 512), 1, 512), f0]);
  const f1 = feedForward(h1, 1);

  const summed = g.op('ReduceSum', [g.op('Mul', [f1, mask3]), g.ints([1])], { keepdims: 0 });
  const count = g.op('Max', [g.op('ReduceSum', [mask, g.ints([1])], { keepdims: 1 }), g.scalar(1)]);
  const pooled = g.op('Div', [summed, count]);
  const hidden = 'module/Encoder_en/hidden_layers/tanh_layer_0/';
  const out = g.op('Tanh', [dense(pooled, `${hidden}weights`, [512, 512], `${hidden}bias`)]);
  g.output(out, USE_ONNX_OUTPUT, DataType.FLOAT, ['batch', 512]);
  return g.toModel('use-lite-512');
}
