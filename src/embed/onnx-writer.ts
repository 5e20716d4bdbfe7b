/**
 * Writes ONNX models as protobuf bytes, in memory, without a protobuf library: just the
 * handful of messages and wire types a graph of plain tensors needs. Models built here are
 * handed straight to onnxruntime (`InferenceSession.create(bytes)`), so nothing is written
 * to disk.
 *
 * Messages are kept as lists of byte chunks until the end, so that tens of megabytes of
 * weights are copied once, not once per level of nesting.
 */

/** Encoded protobuf fields: chunks to concatenate, in order. */
type Field = Uint8Array[];

function varint(value: number | bigint): Uint8Array {
  // Negative int64 values (axis = -1) take ten bytes of two's complement.
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v > 127n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Uint8Array.from(out);
}

const WIRE_VARINT = 0;
const WIRE_BYTES = 2;
const WIRE_FIXED32 = 5;

const tag = (field: number, wire: number) => varint((field << 3) | wire);
const size = (parts: Field) => parts.reduce((n, p) => n + p.length, 0);

function int(field: number, value: number | bigint): Field {
  return [tag(field, WIRE_VARINT), varint(value)];
}

function float(field: number, value: number): Field {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, value, true);
  return [tag(field, WIRE_FIXED32), b];
}

function bytes(field: number, data: Uint8Array): Field {
  return [tag(field, WIRE_BYTES), varint(data.length), data];
}

function str(field: number, value: string): Field {
  return bytes(field, new TextEncoder().encode(value));
}

function msg(field: number, ...parts: Field[]): Field {
  const body = parts.flat();
  return [tag(field, WIRE_BYTES), varint(size(body)), ...body];
}

/** ONNX element types (TensorProto.DataType) used here. */
export const DataType = { FLOAT: 1, INT32: 6, INT64: 7, BOOL: 9 } as const;
type DataTypeCode = (typeof DataType)[keyof typeof DataType];

/** A node attribute: numbers are INT unless listed in `floats` of the node call. */
export type Attribute = number | number[] | string | { float: number };

function attribute(name: string, value: Attribute): Field {
  // AttributeProto: name 1, f 2, i 3, s 4, ints 8, type 20 (FLOAT 1, INT 2, STRING 3, INTS 7).
  if (typeof value === 'string') return msg(5, str(1, name), str(4, value), int(20, 3));
  if (typeof value === 'number') return msg(5, str(1, name), int(3, value), int(20, 2));
  if (Array.isArray(value)) return msg(5, str(1, name), ...value.map((v) => int(8, v)), int(20, 7));
  return msg(5, str(1, name), float(2, value.float), int(20, 1));
}

function rawBytes(data: Float32Array | BigInt64Array | Int32Array): Uint8Array {
  // ONNX raw_data is little-endian, as typed arrays are on every platform Node runs on here.
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * Collects nodes, weights, inputs and outputs, then serialises them as one ModelProto.
 * Names of intermediate values are generated, so a graph reads as a chain of calls:
 *
 * ```ts
 * const g = new OnnxGraph();
 * const x = g.input('x', DataType.FLOAT, ['batch', 4]);
 * g.output(g.op('Relu', [x]), DataType.FLOAT, ['batch', 4]);
 * const bytes = g.toModel();
 * ```
 */
export class OnnxGraph {
  private readonly nodes: Field[] = [];
  private readonly initializers: Field[] = [];
  private readonly inputs: Field[] = [];
  private readonly outputs: Field[] = [];
  private count = 0;

  /** Declares a graph input; a string dimension is symbolic (any size). */
  input(name: string, type: DataTypeCode, dims: Array<number | string>): string {
    this.inputs.push(valueInfo(11, name, type, dims));
    return name;
  }

  /** Declares a graph output, renaming `value` through an Identity node. */
  output(value: string, name: string, type: DataTypeCode, dims: Array<number | string>): void {
    this.op('Identity', [value], {}, name);
    this.outputs.push(valueInfo(12, name, type, dims));
  }

  /** Adds a constant tensor (a weight, a shape, an axis list) and returns its name. */
  constant(data: Float32Array | BigInt64Array | Int32Array, dims: number[], name = `const_${this.count++}`): string {
    const type = data instanceof Float32Array ? DataType.FLOAT : data instanceof BigInt64Array ? DataType.INT64 : DataType.INT32;
    // TensorProto: dims 1, data_type 2, name 8, raw_data 9.
    this.initializers.push(msg(5, ...dims.map((d) => int(1, d)), int(2, type), str(8, name), bytes(9, rawBytes(data))));
    return name;
  }

  /** A 1-D int64 constant, the form ONNX wants for shapes and axes. */
  ints(values: number[]): string {
    return this.constant(BigInt64Array.from(values, (v) => BigInt(v)), [values.length]);
  }

  /** A float32 scalar constant. */
  scalar(value: number): string {
    return this.constant(Float32Array.of(value), []);
  }

  /** Adds one node and returns the name of its (first) output. */
  op(type: string, inputs: string[], attributes: Record<string, Attribute> = {}, output = `${type.toLowerCase()}_${this.count++}`): string {
    return this.opMulti(type, inputs, 1, attributes, [output])[0]!;
  }

  /** Adds one node with several outputs (Split) and returns their names. */
  opMulti(type: string, inputs: string[], outputCount: number, attributes: Record<string, Attribute> = {}, names?: string[]): string[] {
    const outputs = names ?? Array.from({ length: outputCount }, (_, i) => `${type.toLowerCase()}_${this.count}_${i}`);
    const id = this.count++;
    // NodeProto: input 1, output 2, name 3, op_type 4, attribute 5.
    this.nodes.push(
      msg(
        1,
        ...inputs.map((i) => str(1, i)),
        ...outputs.map((o) => str(2, o)),
        str(3, `${type}_${id}`),
        str(4, type),
        ...Object.entries(attributes).map(([k, v]) => attribute(k, v)),
      ),
    );
    return outputs;
  }

  /** The whole model as protobuf bytes (ModelProto), for the given default-domain opset. */
  toModel(name: string, opset = 17): Uint8Array {
    // GraphProto: node 1, name 2, initializer 5, input 11, output 12.
    const graph = msg(7, ...this.nodes, str(2, name), ...this.initializers, ...this.inputs, ...this.outputs);
    // ModelProto: ir_version 1, producer_name 2, graph 7, opset_import 8 (domain 1, version 2).
    const model = [...int(1, 8), ...str(2, 'trust-rag'), ...graph, ...msg(8, str(1, ''), int(2, opset))];
    const out = new Uint8Array(size(model));
    let offset = 0;
    for (const part of model) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }
}

function valueInfo(field: number, name: string, type: DataTypeCode, dims: Array<number | string>): Field {
  // ValueInfoProto{name 1, type 2: TypeProto{tensor_type 1: {elem_type 1, shape 2: {dim 1: {dim_value 1 | dim_param 2}}}}}.
  const dimFields = dims.map((d) => msg(1, typeof d === 'number' ? int(1, d) : str(2, d)));
  return msg(field, str(1, name), msg(2, msg(1, int(1, type), msg(2, ...dimFields))));
}
