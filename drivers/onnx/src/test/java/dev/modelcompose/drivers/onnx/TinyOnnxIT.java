package dev.modelcompose.drivers.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.modelcompose.drivers.onnx.TinyOnnx.Attribute;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TinyOnnxIT {

    @Test
    void onnxRuntimeRunsAWrittenGraphWithSymbolicDimsAttributesAndInitializers() throws Exception {
        // y = Relu(x @ W + b) * alpha via Gemm(alpha) and Relu; then ReduceSum over axis 1 (keepdims 0)
        TinyOnnx graph = TinyOnnx.graph("gemm", 1)
                .input("x", TinyOnnx.FLOAT, "batch", 2)
                .output("y", TinyOnnx.FLOAT, "batch")
                .floats("W", new float[]{1, -1, 2, 3}, 2, 2)
                .floats("b", new float[]{0.5f, -10}, 2)
                .longs("axes", new long[]{1}, 1)
                .node("Gemm", List.of("x", "W", "b"), "g", Attribute.of("alpha", 2.0f), Attribute.of("transB", 0L))
                .node("Relu", List.of("g"), "r")
                .node("ReduceSum", List.of("r", "axes"), "y", Attribute.of("keepdims", 0L));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(graph.toBytes());
             OnnxTensor x = OnnxTensor.createTensor(env, new float[][]{{1, 1}, {0, 0}});
             OrtSession.Result result = session.run(Map.of("x", x))) {
            // row 0: 2*[1*1+1*2, 1*-1+1*3] + [0.5, -10] = [6.5, -6] -> relu -> 6.5; row 1: [0.5, -10] -> 0.5
            float[] y = (float[]) result.get(0).getValue();
            assertThat(y[0]).isCloseTo(6.5f, within(1e-6f));
            assertThat(y[1]).isCloseTo(0.5f, within(1e-6f));
            NodeInfo input = session.getInputInfo().get("x");
            assertThat(((TensorInfo) input.getInfo()).getDimensionNames()).containsExactly("batch", "");
        }
    }

    @Test
    void randomInitializersAreReproducibleFromTheSeed() {
        byte[] a = TinyOnnx.graph("g", 42).randomFloats("w", 1f, 8, 4).toBytes();
        byte[] b = TinyOnnx.graph("g", 42).randomFloats("w", 1f, 8, 4).toBytes();
        byte[] c = TinyOnnx.graph("g", 43).randomFloats("w", 1f, 8, 4).toBytes();
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }
}
