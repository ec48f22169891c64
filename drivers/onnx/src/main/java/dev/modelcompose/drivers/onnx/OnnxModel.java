package dev.modelcompose.drivers.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.modelcompose.engine.spi.Cancellation;
import dev.modelcompose.engine.spi.model.Classification;
import dev.modelcompose.engine.spi.model.ClassificationRequest;
import dev.modelcompose.engine.spi.model.EmbeddingRequest;
import dev.modelcompose.engine.spi.model.GenerationRequest;
import dev.modelcompose.engine.spi.model.GenerationResult;
import dev.modelcompose.engine.spi.model.LoadedModel;
import dev.modelcompose.engine.spi.model.ModelException;
import dev.modelcompose.engine.spi.model.RerankRequest;
import dev.modelcompose.engine.spi.model.TokenSink;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One loaded ONNX model. Encoder tasks (embedding, classification, reranking) run here, in chunks of
 * {@code batch_size} texts padded per chunk; generation is delegated to the {@link OnnxGenerator}.
 */
final class OnnxModel implements LoadedModel {
    /** Texts per ONNX Runtime call when the component sets no {@code batch_size}. */
    static final int DEFAULT_CHUNK = 32;

    private final String name;
    private final OrtSession session;
    private final ModelSignature signature;
    private final TextTokenizer tokenizer;
    private final OnnxGenerator generator;
    private final OnnxSettings settings;
    private final ModelSignature.Output embeddingOutput;
    private final boolean hasLogits;
    private final boolean crossEncoder;
    /** The batch and sequence sizes of a model exported with fixed input shapes; -1 where the model takes any. */
    private final int fixedBatch;
    private final int fixedLength;

    private OnnxModel(String name, OrtSession session, ModelSignature signature, TextTokenizer tokenizer,
                      OnnxGenerator generator, OnnxSettings settings) {
        this.name = name;
        this.session = session;
        this.signature = signature;
        this.tokenizer = tokenizer;
        this.generator = generator;
        this.settings = settings;
        this.embeddingOutput = signature == null ? null : signature.embeddingOutput().orElse(null);
        this.hasLogits = signature != null && signature.hasLogits();
        this.crossEncoder = hasLogits && signature.logitsClasses() <= 2;
        this.fixedBatch = signature == null ? -1 : signature.fixedInputDim(0);
        this.fixedLength = signature == null ? -1 : signature.fixedInputDim(1);
    }

    /** An encoder model for {@code task}; fails when the model's inputs and outputs do not fit it. */
    static OnnxModel encoder(String task, ModelFiles files, OrtSession session, TextTokenizer tokenizer,
                             OnnxSettings settings) {
        ModelSignature signature = ModelSignature.of(files.name(), session);
        String embeddingOutputs = "last_hidden_state, token_embeddings or sentence_embedding";
        boolean inputsFit = signature.hasEncoderInputs();
        switch (task) {
            case "text-embedding" -> {
                if (!inputsFit || signature.embeddingOutput().isEmpty()) {
                    throw signature.mismatch(task, ModelSignature.ENCODER_INPUTS + " and an output "
                            + embeddingOutputs);
                }
            }
            case "text-classification" -> {
                if (!inputsFit || !signature.hasLogits()) {
                    throw signature.mismatch(task, ModelSignature.ENCODER_INPUTS
                            + " and an output logits [batch, classes]");
                }
                int classes = signature.logitsClasses();
                if (classes > 0 && settings.labels() != null && settings.labels().size() != classes) {
                    throw labelCountMismatch(files.name(), classes, settings.labels().size());
                }
            }
            case "text-reranking" -> {
                boolean crossEncoder = signature.hasLogits() && signature.logitsClasses() <= 2;
                if (!inputsFit || (!crossEncoder && signature.embeddingOutput().isEmpty())) {
                    throw signature.mismatch(task, ModelSignature.ENCODER_INPUTS + " and an output logits [batch, 1]"
                            + " (a cross-encoder) or " + embeddingOutputs + " (an embedding model)");
                }
            }
            default -> throw new IllegalArgumentException("not an encoder task: " + task);
        }
        return new OnnxModel(files.name(), session, signature, tokenizer, null, settings);
    }

    /** A decoder model: {@link #generate} goes to {@code generator}. */
    static OnnxModel generative(ModelFiles files, OrtSession session, OnnxGenerator generator, OnnxSettings settings) {
        return new OnnxModel(files.name(), session, null, null, generator, settings);
    }

    @Override
    public List<float[]> embed(EmbeddingRequest request) {
        if (tokenizer == null || embeddingOutput == null) {
            throw ModelException.unsupported("text-embedding");
        }
        requireTexts(request.texts());
        Pooling pooling = request.pooling() == null ? settings.pooling() : Pooling.parse(request.pooling());
        return embedTexts(request.texts(), pooling, request.normalize(), request.maxInputLength());
    }

    @Override
    public List<Classification> classify(ClassificationRequest request) {
        if (tokenizer == null || !hasLogits) {
            throw ModelException.unsupported("text-classification");
        }
        requireTexts(request.texts());
        List<Classification> results = new ArrayList<>(request.texts().size());
        for (List<String> chunk : chunks(request.texts())) {
            EncodedBatch batch = fit(tokenizer.encode(chunk, request.maxInputLength(), fixedLength));
            FloatTensor logits = run(batch, ModelSignature.LOGITS);
            int classes = (int) logits.shape()[1];
            List<String> labels = labels(classes);
            for (int row = 0; row < chunk.size(); row++) {
                double[] probabilities = softmax(logits.data(), row * classes, classes);
                int best = 0;
                List<Double> boxed = new ArrayList<>(classes);
                for (int c = 0; c < classes; c++) {
                    boxed.add(probabilities[c]);
                    if (probabilities[c] > probabilities[best]) {
                        best = c;
                    }
                }
                results.add(new Classification(best, labels.get(best), Collections.unmodifiableList(boxed), labels));
            }
        }
        return results;
    }

    @Override
    public List<Double> rerank(RerankRequest request) {
        if (tokenizer == null || (!crossEncoder && embeddingOutput == null)) {
            throw ModelException.unsupported("text-reranking");
        }
        if (request.query() == null) {
            throw new ModelException("text-reranking needs a query");
        }
        requireTexts(request.documents());
        if (request.documents().isEmpty()) {
            return List.of();
        }
        return crossEncoder ? crossEncode(request) : cosines(request);
    }

    private List<Double> crossEncode(RerankRequest request) {
        List<Double> scores = new ArrayList<>(request.documents().size());
        for (List<String> chunk : chunks(request.documents())) {
            EncodedBatch batch = fit(tokenizer.encodePairs(request.query(), chunk, request.maxInputLength(),
                    fixedLength));
            FloatTensor logits = run(batch, ModelSignature.LOGITS);
            int classes = (int) logits.shape()[1];
            if (classes < 1 || classes > 2) {
                throw new ModelException("model " + name + " gives " + classes + " logits per pair; a cross-encoder"
                        + " gives 1 (a relevance score) or 2 (not relevant, relevant)");
            }
            for (int row = 0; row < chunk.size(); row++) {
                float[] l = logits.data();
                double score = classes == 1 ? l[row] : l[row * 2 + 1] - l[row * 2];
                scores.add(request.normalize() ? 1 / (1 + Math.exp(-score)) : score);
            }
        }
        return scores;
    }

    private List<Double> cosines(RerankRequest request) {
        List<String> texts = new ArrayList<>(request.documents().size() + 1);
        texts.add(request.query());
        texts.addAll(request.documents());
        List<float[]> vectors = embedTexts(texts, settings.pooling(), true, request.maxInputLength());
        float[] query = vectors.get(0);
        List<Double> scores = new ArrayList<>(request.documents().size());
        for (int i = 1; i < vectors.size(); i++) {
            double dot = 0;
            float[] document = vectors.get(i);
            for (int d = 0; d < query.length; d++) {
                dot += (double) query[d] * document[d];
            }
            scores.add(dot);
        }
        return scores;
    }

    @Override
    public GenerationResult generate(GenerationRequest request, TokenSink sink, Cancellation cancellation) {
        if (generator == null) {
            throw ModelException.unsupported(request.messages() == null ? "text-generation" : "chat-completion");
        }
        return generator.generate(request, sink, cancellation);
    }

    @Override
    public void close() {
        if (generator != null) {
            generator.close();
        }
        if (tokenizer != null) {
            tokenizer.close();
        }
        try {
            session.close();
        } catch (OrtException e) {
            // the session's native memory is gone either way
        }
    }

    private List<float[]> embedTexts(List<String> texts, Pooling pooling, boolean normalize, Integer maxLength) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (List<String> chunk : chunks(texts)) {
            EncodedBatch batch = fit(tokenizer.encode(chunk, maxLength, fixedLength));
            FloatTensor output = run(batch, embeddingOutput.name());
            for (int row = 0; row < chunk.size(); row++) {
                float[] vector;
                if (embeddingOutput.rank() == 3) {
                    vector = pooling.pool(output.data(), batch, row, (int) output.shape()[2]);
                } else {
                    int dim = (int) output.shape()[1];
                    vector = Arrays.copyOfRange(output.data(), row * dim, (row + 1) * dim);
                }
                vectors.add(normalize ? Pooling.normalize(vector) : vector);
            }
        }
        return vectors;
    }

    /** A float output: its values, row-major, and its shape. */
    private record FloatTensor(float[] data, long[] shape) {
    }

    private FloatTensor run(EncodedBatch batch, String output) {
        Map<String, OnnxTensor> inputs = Map.of();
        try {
            inputs = batch.tensors(OnnxSessions.environment(), signature.inputs());
            try (OrtSession.Result result = session.run(inputs, Set.of(output))) {
                OnnxValue value = result.get(output).orElseThrow();
                OnnxTensor tensor = (OnnxTensor) value;
                FloatBuffer buffer = tensor.getFloatBuffer();
                float[] data = new float[buffer.remaining()];
                buffer.get(data);
                return new FloatTensor(data, tensor.getInfo().getShape());
            }
        } catch (OrtException e) {
            throw new ModelException("model " + name + ": ONNX Runtime failed: " + OnnxSessions.detail(e), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** A batch with the rows a fixed-batch model needs (the extra rows are empty and their results dropped). */
    private EncodedBatch fit(EncodedBatch batch) {
        return fixedBatch > 0 ? batch.withRows(fixedBatch) : batch;
    }

    private List<List<String>> chunks(List<String> texts) {
        int size = fixedBatch > 0 ? fixedBatch : settings.batchSize() > 0 ? settings.batchSize() : DEFAULT_CHUNK;
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < texts.size(); i += size) {
            chunks.add(texts.subList(i, Math.min(texts.size(), i + size)));
        }
        return chunks;
    }

    private List<String> labels(int classes) {
        if (settings.labels() != null) {
            if (settings.labels().size() != classes) {
                throw labelCountMismatch(name, classes, settings.labels().size());
            }
            return settings.labels();
        }
        if (settings.configLabels() != null && settings.configLabels().size() == classes) {
            return settings.configLabels();
        }
        return Collections.unmodifiableList(Arrays.asList(new String[classes]));
    }

    private static ModelException labelCountMismatch(String name, int classes, int labels) {
        return new ModelException("model " + name + " has " + classes + " classes but labels lists " + labels
                + " names");
    }

    private static void requireTexts(List<String> texts) {
        if (texts == null) {
            throw new ModelException("no texts given");
        }
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null) {
                throw new ModelException("text " + i + " is null; give a string (it may be empty)");
            }
        }
    }

    private static double[] softmax(float[] logits, int offset, int classes) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            max = Math.max(max, logits[offset + c]);
        }
        double[] out = new double[classes];
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            out[c] = Math.exp(logits[offset + c] - max);
            sum += out[c];
        }
        for (int c = 0; c < classes; c++) {
            out[c] /= sum;
        }
        return out;
    }
}
