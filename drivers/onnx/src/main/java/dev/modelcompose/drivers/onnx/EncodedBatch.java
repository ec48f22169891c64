package dev.modelcompose.drivers.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;

import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tokenised texts padded to one length: row-major {@code [size, length]} arrays of token ids, attention mask (1 for a
 * token, 0 for padding) and token type ids.
 */
record EncodedBatch(int size, int length, long[] ids, long[] mask, long[] types) {

    /** The input names an encoder model may declare, with what feeds them. */
    static final java.util.List<String> INPUTS = java.util.List.of("input_ids", "attention_mask", "token_type_ids");

    /** This batch with empty rows (all padding) added up to {@code rows}. */
    EncodedBatch withRows(int rows) {
        if (rows <= size) {
            return this;
        }
        return new EncodedBatch(rows, length, java.util.Arrays.copyOf(ids, rows * length),
                java.util.Arrays.copyOf(mask, rows * length), java.util.Arrays.copyOf(types, rows * length));
    }

    long mask(int row, int position) {
        return mask[row * length + position];
    }

    /** Tensors for the inputs the model declares (int64, or int32 where the model asks for it). */
    Map<String, OnnxTensor> tensors(OrtEnvironment env, Map<String, NodeInfo> declared) throws OrtException {
        Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, NodeInfo> input : declared.entrySet()) {
                long[] values = switch (input.getKey()) {
                    case "input_ids" -> ids;
                    case "attention_mask" -> mask;
                    case "token_type_ids" -> types;
                    default -> throw new IllegalStateException("unchecked input " + input.getKey());
                };
                tensors.put(input.getKey(), tensor(env, values, input.getValue()));
            }
            return tensors;
        } catch (OrtException | RuntimeException e) {
            tensors.values().forEach(OnnxTensor::close);
            throw e;
        }
    }

    private OnnxTensor tensor(OrtEnvironment env, long[] values, NodeInfo info) throws OrtException {
        long[] shape = {size, length};
        if (info.getInfo() instanceof TensorInfo t && t.type == OnnxJavaType.INT32) {
            int[] ints = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                ints[i] = (int) values[i];
            }
            return OnnxTensor.createTensor(env, IntBuffer.wrap(ints), shape);
        }
        return OnnxTensor.createTensor(env, LongBuffer.wrap(values), shape);
    }
}
