package dev.modelcompose.drivers.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes small ONNX models for tests: a hand-rolled protobuf encoder (varints, no protobuf library) for
 * ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto and AttributeProto. Any operator with any attributes;
 * inputs and outputs take symbolic dims ({@code "batch"}, {@code "sequence"}) or fixed ones; float initializers come
 * from a seeded {@link Random}, so the same code writes the same bytes. Opset 17 (IR version 8) unless told otherwise.
 *
 * <pre>{@code
 * TinyOnnx.graph("classifier", 7)
 *     .input("input_ids", TinyOnnx.INT64, "batch", "sequence")
 *     .output("logits", TinyOnnx.FLOAT, "batch", 3)
 *     .randomFloats("embedding", 0.5f, 30522, 16)
 *     .node("Gather", List.of("embedding", "input_ids"), List.of("hidden"))
 *     .node("ReduceMean", List.of("hidden"), List.of("pooled"), Attribute.ints("axes", 1), Attribute.of("keepdims", 0))
 *     ...
 *     .write(dir.resolve("model.onnx"));
 * }</pre>
 */
public final class TinyOnnx {
    /** TensorProto.DataType values. */
    public static final int FLOAT = 1, UINT8 = 2, INT8 = 3, INT32 = 6, INT64 = 7, STRING = 8, BOOL = 9, FLOAT16 = 10,
            DOUBLE = 11;

    public static final int DEFAULT_OPSET = 17;

    private final String name;
    private final Random random;
    private final Map<String, Integer> opsets = new LinkedHashMap<>();
    private final List<byte[]> nodes = new ArrayList<>();
    private final List<Tensor> initializers = new ArrayList<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<byte[]> outputs = new ArrayList<>();
    private final List<byte[]> valueInfos = new ArrayList<>();
    private long irVersion = 8;
    private int nodeCount;

    private TinyOnnx(String name, long seed) {
        this.name = name;
        this.random = new Random(seed);
        opsets.put("", DEFAULT_OPSET);
    }

    /** A new graph whose random initializers come from {@code new Random(seed)}. */
    public static TinyOnnx graph(String name, long seed) {
        return new TinyOnnx(name, seed);
    }

    /** The default-domain opset (17 unless set). */
    public TinyOnnx opset(int version) {
        return opset("", version);
    }

    /** An opset import for a domain ({@code ""} is the default ONNX domain, {@code com.microsoft} the contrib ops). */
    public TinyOnnx opset(String domain, int version) {
        opsets.put(domain, version);
        return this;
    }

    public TinyOnnx irVersion(long version) {
        this.irVersion = version;
        return this;
    }

    /** The random source of this graph, for tests that want their own data from the same seed. */
    public Random random() {
        return random;
    }

    /** A graph input; each dim is a {@link String} (symbolic, e.g. "batch") or a {@link Number} (fixed). */
    public TinyOnnx input(String name, int elemType, Object... dims) {
        inputs.add(encodeValueInfo(name, elemType, dims));
        return this;
    }

    /** A graph output; dims as in {@link #input}. */
    public TinyOnnx output(String name, int elemType, Object... dims) {
        outputs.add(encodeValueInfo(name, elemType, dims));
        return this;
    }

    /** Shape information for an intermediate value (optional; ONNX Runtime infers shapes). */
    public TinyOnnx valueInfo(String name, int elemType, Object... dims) {
        valueInfos.add(encodeValueInfo(name, elemType, dims));
        return this;
    }

    /** A float initializer with values uniform in [-scale, scale] from this graph's seeded random. */
    public TinyOnnx randomFloats(String name, float scale, long... dims) {
        float[] values = new float[Math.toIntExact(count(dims))];
        for (int i = 0; i < values.length; i++) {
            values[i] = (random.nextFloat() * 2 - 1) * scale;
        }
        return initializer(Tensor.floats(name, values, dims));
    }

    public TinyOnnx floats(String name, float[] values, long... dims) {
        return initializer(Tensor.floats(name, values, dims));
    }

    public TinyOnnx longs(String name, long[] values, long... dims) {
        return initializer(Tensor.longs(name, values, dims));
    }

    public TinyOnnx initializer(Tensor tensor) {
        initializers.add(tensor);
        return this;
    }

    /** A node in the default domain, named after its op and position. */
    public TinyOnnx node(String opType, List<String> inputs, List<String> outputs, Attribute... attributes) {
        return node("", opType, inputs, outputs, attributes);
    }

    /** A node with one output. */
    public TinyOnnx node(String opType, List<String> inputs, String output, Attribute... attributes) {
        return node("", opType, inputs, List.of(output), attributes);
    }

    /** A node in {@code domain} (e.g. {@code com.microsoft}); an empty input name is an omitted optional input. */
    public TinyOnnx node(String domain, String opType, List<String> inputs, List<String> outputs,
                         Attribute... attributes) {
        Proto node = new Proto();
        inputs.forEach(in -> node.string(1, in));
        outputs.forEach(out -> node.string(2, out));
        node.string(3, opType + "_" + nodeCount++);
        node.string(4, opType);
        for (Attribute attribute : attributes) {
            node.message(5, attribute.encode());
        }
        if (!domain.isEmpty()) {
            node.string(7, domain);
        }
        nodes.add(node.bytes());
        return this;
    }

    /** The GraphProto alone (for {@link Attribute#graph}, e.g. the branches of If or the body of Loop). */
    public byte[] graphBytes() {
        Proto graph = new Proto();
        nodes.forEach(n -> graph.message(1, n));
        graph.string(2, name);
        initializers.forEach(t -> graph.message(5, t.encode()));
        inputs.forEach(v -> graph.message(11, v));
        outputs.forEach(v -> graph.message(12, v));
        valueInfos.forEach(v -> graph.message(13, v));
        return graph.bytes();
    }

    /** The ModelProto. */
    public byte[] toBytes() {
        Proto model = new Proto();
        model.varint(1, irVersion);
        model.string(2, "model-compose TinyOnnx");
        model.string(3, "1");
        model.message(7, graphBytes());
        opsets.forEach((domain, version) -> {
            Proto opset = new Proto();
            if (!domain.isEmpty()) {
                opset.string(1, domain);
            }
            opset.varint(2, version);
            model.message(8, opset.bytes());
        });
        return model.bytes();
    }

    /** Writes the model to {@code file} (creating its folder) and returns {@code file}. */
    public Path write(Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.write(file, toBytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] encodeValueInfo(String name, int elemType, Object... dims) {
        Proto shape = new Proto();
        for (Object dim : dims) {
            Proto d = new Proto();
            if (dim instanceof Number n) {
                d.varint(1, n.longValue());
            } else if (dim instanceof String s) {
                d.string(2, s);
            } else {
                throw new IllegalArgumentException("a dim is a String or a Number: " + dim);
            }
            shape.message(1, d.bytes());
        }
        Proto tensorType = new Proto();
        tensorType.varint(1, elemType);
        tensorType.message(2, shape.bytes());
        Proto type = new Proto();
        type.message(1, tensorType.bytes());
        Proto info = new Proto();
        info.string(1, name);
        info.message(2, type.bytes());
        return info.bytes();
    }

    private static long count(long[] dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    /** A TensorProto: name, data type, dims and little-endian raw data. */
    public record Tensor(String name, int dataType, long[] dims, byte[] raw) {
        public static Tensor floats(String name, float[] values, long... dims) {
            check(values.length, dims);
            ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : values) {
                buffer.putFloat(v);
            }
            return new Tensor(name, FLOAT, dims, buffer.array());
        }

        public static Tensor longs(String name, long[] values, long... dims) {
            check(values.length, dims);
            ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (long v : values) {
                buffer.putLong(v);
            }
            return new Tensor(name, INT64, dims, buffer.array());
        }

        public static Tensor ints(String name, int[] values, long... dims) {
            check(values.length, dims);
            ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int v : values) {
                buffer.putInt(v);
            }
            return new Tensor(name, INT32, dims, buffer.array());
        }

        /** A scalar (no dims) float. */
        public static Tensor scalar(String name, float value) {
            return floats(name, new float[]{value});
        }

        private static void check(int length, long[] dims) {
            if (count(dims) != length) {
                throw new IllegalArgumentException(length + " values do not fill dims " + Arrays.toString(dims));
            }
        }

        byte[] encode() {
            Proto tensor = new Proto();
            for (long d : dims) {
                tensor.varint(1, d);
            }
            tensor.varint(2, dataType);
            tensor.string(8, name);
            tensor.bytes(9, raw);
            return tensor.bytes();
        }
    }

    /** An AttributeProto of any kind. */
    public static final class Attribute {
        // AttributeProto.AttributeType
        private static final int FLOAT_T = 1, INT_T = 2, STRING_T = 3, TENSOR_T = 4, GRAPH_T = 5, FLOATS_T = 6,
                INTS_T = 7, STRINGS_T = 8;
        private final Proto proto = new Proto();

        private Attribute(String name) {
            proto.string(1, name);
        }

        public static Attribute of(String name, long value) {
            Attribute a = new Attribute(name);
            a.proto.varint(3, value);
            a.proto.varint(20, INT_T);
            return a;
        }

        public static Attribute of(String name, float value) {
            Attribute a = new Attribute(name);
            a.proto.fixed32(2, Float.floatToIntBits(value));
            a.proto.varint(20, FLOAT_T);
            return a;
        }

        public static Attribute of(String name, String value) {
            Attribute a = new Attribute(name);
            a.proto.bytes(4, value.getBytes(StandardCharsets.UTF_8));
            a.proto.varint(20, STRING_T);
            return a;
        }

        public static Attribute of(String name, Tensor value) {
            Attribute a = new Attribute(name);
            a.proto.message(5, value.encode());
            a.proto.varint(20, TENSOR_T);
            return a;
        }

        /** A subgraph attribute (If's then_branch/else_branch, Loop's body). */
        public static Attribute graph(String name, TinyOnnx graph) {
            Attribute a = new Attribute(name);
            a.proto.message(6, graph.graphBytes());
            a.proto.varint(20, GRAPH_T);
            return a;
        }

        public static Attribute ints(String name, long... values) {
            Attribute a = new Attribute(name);
            for (long v : values) {
                a.proto.varint(8, v);
            }
            a.proto.varint(20, INTS_T);
            return a;
        }

        public static Attribute floats(String name, float... values) {
            Attribute a = new Attribute(name);
            for (float v : values) {
                a.proto.fixed32(7, Float.floatToIntBits(v));
            }
            a.proto.varint(20, FLOATS_T);
            return a;
        }

        public static Attribute strings(String name, String... values) {
            Attribute a = new Attribute(name);
            for (String v : values) {
                a.proto.bytes(9, v.getBytes(StandardCharsets.UTF_8));
            }
            a.proto.varint(20, STRINGS_T);
            return a;
        }

        byte[] encode() {
            return proto.bytes();
        }
    }

    /** Protobuf wire format: fields as varint (0), 64-bit (1), length-delimited (2) or 32-bit (5). */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void varint(int field, long value) {
            tag(field, 0);
            rawVarint(value);
        }

        void fixed32(int field, int value) {
            tag(field, 5);
            for (int i = 0; i < 4; i++) {
                out.write((value >>> (8 * i)) & 0xff);
            }
        }

        void string(int field, String value) {
            bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        void message(int field, byte[] value) {
            bytes(field, value);
        }

        void bytes(int field, byte[] value) {
            tag(field, 2);
            rawVarint(value.length);
            out.write(value, 0, value.length);
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void tag(int field, int wireType) {
            rawVarint(((long) field << 3) | wireType);
        }

        private void rawVarint(long value) {
            while ((value & ~0x7fL) != 0) {
                out.write((int) ((value & 0x7f) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
