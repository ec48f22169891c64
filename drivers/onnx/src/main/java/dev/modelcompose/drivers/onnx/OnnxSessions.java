package dev.modelcompose.drivers.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import dev.modelcompose.engine.spi.model.ModelException;

import java.util.Locale;
import java.util.Map;

/**
 * Opens ONNX Runtime sessions. The native library and the process-wide environment are created on the first
 * {@link #open}, never before; graph optimisation is ALL, intra-op threads come from {@code options.intra_op_threads}
 * (default: the available cores), inter-op threads are 1. {@code device: cuda} needs the GPU build of ONNX Runtime.
 */
final class OnnxSessions {
    static final String GPU_ARTIFACT = "com.microsoft.onnxruntime:onnxruntime_gpu:1.28.0";

    private static OrtEnvironment environment;

    private OnnxSessions() {
    }

    /** The process-wide ONNX Runtime environment, created (and its native library loaded) on first use. */
    static synchronized OrtEnvironment environment() {
        if (environment == null) {
            environment = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "model-compose");
        }
        return environment;
    }

    /** Opens the model file on the requested device ({@code cpu}, {@code cuda}, {@code cuda:N} or {@code auto}). */
    static OrtSession open(ModelFiles files, String device, Map<String, Object> options) {
        OrtEnvironment env = environment();
        int threads = intraOpThreads(files.name(), options);
        Device target = Device.parse(files.name(), device);
        boolean cudaAvailable = OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
        if (target.cuda() && !target.auto() && !cudaAvailable) {
            throw new ModelException("model " + files.name() + ": device " + device + " needs the GPU build of ONNX"
                    + " Runtime: put " + GPU_ARTIFACT + " on the classpath instead of"
                    + " com.microsoft.onnxruntime:onnxruntime (see docs/onnx.md, \"CUDA\"), or use device: cpu");
        }
        if (target.cuda() && cudaAvailable) {
            try {
                return create(env, files, threads, target.index());
            } catch (CudaStartFailure e) {
                if (!target.auto()) {
                    throw new ModelException(e.getMessage(), e.getCause());
                }
                // auto: CUDA is in the jar but could not start (no driver, no GPU), so the CPU runs the model
            }
        }
        return create(env, files, threads, -1);
    }

    private static OrtSession create(OrtEnvironment env, ModelFiles files, int threads, int cudaDevice) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            if (cudaDevice >= 0) {
                try {
                    options.addCUDA(cudaDevice);
                } catch (OrtException e) {
                    throw new CudaStartFailure("model " + files.name()
                            + ": the CUDA execution provider did not start: " + e.getMessage(), e);
                }
            }
            return env.createSession(files.modelFile().toString(), options);
        } catch (OrtException e) {
            throw loadFailure(files, e);
        }
    }

    private static ModelException loadFailure(ModelFiles files, OrtException e) {
        String detail = String.valueOf(e.getMessage());
        if (detail.contains("Protobuf parsing failed") || detail.contains("INVALID_PROTOBUF")
                || detail.contains("ModelProto does not have a graph")) {
            return new ModelException("model " + files.name() + ": " + files.modelFile() + " is not an ONNX model",
                    e);
        }
        return new ModelException("model " + files.name() + ": ONNX Runtime cannot load " + files.modelFile() + ": "
                + detail(e), e);
    }

    /**
     * ONNX Runtime's message without its error code, the "Load model from PATH failed:" prefix and the C++ source
     * location.
     */
    static String detail(OrtException e) {
        String detail = String.valueOf(e.getMessage());
        detail = detail.replaceFirst("^Error code - \\w+ - message: ", "");
        detail = detail.replaceFirst("^Load model from .*? failed:", "");
        detail = detail.replaceAll("/onnxruntime_src/\\S+:\\d+ \\S+\\(.*?\\) ", "");
        detail = detail.replaceAll("\\[ONNXRuntimeError\\] : \\d+ : \\w+ : ", "");
        return detail.strip();
    }

    private static int intraOpThreads(String name, Map<String, Object> options) {
        Object value = options == null ? null : options.get("intra_op_threads");
        if (value == null) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int threads = value instanceof Number n ? n.intValue() : Integer.parseInt(value.toString().trim());
            if (threads >= 1) {
                return threads;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ModelException("model " + name + ": options.intra_op_threads must be a whole number of at least 1,"
                + " not " + value);
    }

    /** The CUDA provider is in the jar but did not start. */
    private static final class CudaStartFailure extends RuntimeException {
        CudaStartFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A parsed {@code device:} value. */
    private record Device(boolean cuda, boolean auto, int index) {
        static Device parse(String name, String device) {
            String d = device == null ? "auto" : device.trim().toLowerCase(Locale.ROOT);
            if (d.equals("auto")) {
                return new Device(true, true, 0);
            }
            if (d.equals("cpu")) {
                return new Device(false, false, -1);
            }
            if (d.equals("cuda") || d.equals("gpu")) {
                return new Device(true, false, 0);
            }
            if (d.startsWith("cuda:")) {
                try {
                    return new Device(true, false, Integer.parseInt(d.substring(5)));
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            throw new ModelException("model " + name + ": unknown device '" + device
                    + "' (use cpu, cuda, cuda:N or auto)");
        }
    }
}
