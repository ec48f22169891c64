package dev.modelcompose.drivers.djl;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.translator.CrossEncoderTranslator;
import ai.djl.huggingface.translator.TextEmbeddingTranslator;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.util.PairList;
import ai.djl.util.StringPair;
import dev.modelcompose.engine.spi.model.Classification;
import dev.modelcompose.engine.spi.model.ClassificationRequest;
import dev.modelcompose.engine.spi.model.EmbeddingRequest;
import dev.modelcompose.engine.spi.model.LoadedModel;
import dev.modelcompose.engine.spi.model.ModelException;
import dev.modelcompose.engine.spi.model.ModelLoadRequest;
import dev.modelcompose.engine.spi.model.ModelTask;
import dev.modelcompose.engine.spi.model.RerankRequest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A model loaded through DJL: one {@link ZooModel} (raw tensors in and out) and, per task setting, a Hugging Face
 * translator that tokenizes, pads the batch and pools. Predictors are not thread-safe, so each call takes its own.
 */
final class DjlModel implements LoadedModel {
    static final int DEFAULT_MAX_LENGTH = 512;

    private final String name;
    private final String task;
    private final ZooModel<NDList, NDList> model;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean tokenTypes;
    private final List<String> labels;
    private final Map<String, Translator<String, float[]>> embedders = new ConcurrentHashMap<>();

    DjlModel(ModelLoadRequest request, DjlModelFiles files) {
        this.name = request.model().name();
        this.task = request.task();
        List<String> configured = labels(request.settings().get("labels"));
        this.labels = configured.isEmpty() ? ModelConfig.labels(files.root()) : configured;
        if (!Engine.hasEngine(files.engine())) {
            throw new ModelException("model " + name + " is a TorchScript model, which needs DJL's PyTorch engine:"
                    + " add the Maven module " + DjlModelFiles.PYTORCH_MODULE + " to the classpath"
                    + " (or export the model to ONNX)");
        }
        if ("cuda".equals(request.device())) {
            throw new ModelException("driver djl runs on the CPU here: device cuda needs a CUDA build of the "
                    + files.engine() + " engine; use device: cpu or auto");
        }
        int maxLength = maxLength(request.settings().get("max_seq_length"));
        try {
            this.model = Criteria.builder()
                    .setTypes(NDList.class, NDList.class)
                    .optModelPath(files.modelDir())
                    .optModelName(files.modelName())
                    .optEngine(files.engine())
                    .optDevice(Device.cpu())
                    .optTranslator(new NoopTranslator())
                    .build()
                    .loadModel();
        } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
            throw new ModelException("model " + name + " could not be loaded by DJL (" + files.engine() + "): "
                    + firstLine(e), e);
        }
        try {
            this.tokenizer = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(files.tokenizer())
                    .optTruncation(true)
                    .optPadding(true)
                    .optMaxLength(maxLength)
                    .build();
        } catch (IOException | RuntimeException e) {
            model.close();
            throw new ModelException("model " + name + ": cannot read " + files.tokenizer() + ": " + firstLine(e), e);
        }
        this.tokenTypes = inputNames(model).contains("token_type_ids");
    }

    @Override
    public List<float[]> embed(EmbeddingRequest request) {
        requireTask(ModelTask.TEXT_EMBEDDING, ModelTask.TEXT_RERANKING);
        String pooling = request.pooling() == null ? "mean" : request.pooling();
        if (!Set.of("mean", "cls", "max").contains(pooling)) {
            throw new ModelException("pooling must be mean, cls or max, got '" + pooling + "'");
        }
        Translator<String, float[]> translator = embedders.computeIfAbsent(pooling + "/" + request.normalize(),
                key -> TextEmbeddingTranslator.builder(tokenizer)
                        .optPoolingMode(pooling)
                        .optNormalize(request.normalize())
                        .optIncludeTokenTypes(tokenTypes)
                        .build());
        return predict(translator, request.texts());
    }

    @Override
    public List<Classification> classify(ClassificationRequest request) {
        requireTask(ModelTask.TEXT_CLASSIFICATION);
        float[][] logits = predictOne(new LogitsTranslator(tokenizer, tokenTypes), request.texts().toArray(String[]::new));
        List<Classification> out = new ArrayList<>(logits.length);
        for (float[] row : logits) {
            List<Double> probabilities = softmax(row);
            int best = 0;
            for (int i = 1; i < row.length; i++) {
                if (row[i] > row[best]) {
                    best = i;
                }
            }
            List<String> names = new ArrayList<>(row.length);
            for (int i = 0; i < row.length; i++) {
                names.add(i < labels.size() ? labels.get(i) : null);
            }
            out.add(new Classification(best, names.get(best), probabilities, names));
        }
        return out;
    }

    private static List<Double> softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] exp = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            exp[i] = Math.exp(logits[i] - max);
            sum += exp[i];
        }
        List<Double> out = new ArrayList<>(logits.length);
        for (double e : exp) {
            out.add(e / sum);
        }
        return out;
    }

    @Override
    public List<Double> rerank(RerankRequest request) {
        if (ModelTask.TEXT_EMBEDDING.id().equals(task)) {
            return biEncoderScores(request);
        }
        requireTask(ModelTask.TEXT_RERANKING);
        if (!outputIsScore()) {
            return biEncoderScores(request);
        }
        Translator<StringPair, float[]> translator;
        try {
            translator = CrossEncoderTranslator.builder(tokenizer)
                    .optIncludeTokenTypes(tokenTypes)
                    .optSigmoid(request.normalize())
                    .build();
        } catch (IOException e) {
            throw new ModelException("model " + name + ": " + firstLine(e), e);
        }
        List<StringPair> pairs = request.documents().stream().map(d -> new StringPair(request.query(), d)).toList();
        List<float[]> scores = predict(translator, pairs);
        return scores.stream().map(s -> (double) s[0]).toList();
    }

    private List<Double> biEncoderScores(RerankRequest request) {
        List<String> texts = new ArrayList<>(request.documents().size() + 1);
        texts.add(request.query());
        texts.addAll(request.documents());
        Translator<String, float[]> translator = TextEmbeddingTranslator.builder(tokenizer)
                .optPoolingMode("mean").optNormalize(true).optIncludeTokenTypes(tokenTypes).build();
        List<float[]> vectors = predict(translator, texts);
        float[] query = vectors.get(0);
        List<Double> scores = new ArrayList<>(request.documents().size());
        for (int i = 1; i < vectors.size(); i++) {
            double dot = 0;
            for (int j = 0; j < query.length; j++) {
                dot += query[j] * vectors.get(i)[j];
            }
            scores.add(dot);
        }
        return scores;
    }

    /** A cross-encoder's output is one logit per pair ([batch, 1]); an embedding model's is per token. */
    private boolean outputIsScore() {
        try {
            PairList<String, Shape> described = model.describeOutput();
            return described == null || described.isEmpty() || described.get(0).getValue().dimension() == 2;
        } catch (RuntimeException e) {
            return true;
        }
    }

    private <I, O> O predictOne(Translator<I, O> translator, I input) {
        try (Predictor<I, O> predictor = model.newPredictor(translator, Device.cpu())) {
            return predictor.predict(input);
        } catch (TranslateException | RuntimeException e) {
            throw new ModelException("model " + name + " failed: " + firstLine(e)
                    + " (model inputs: " + inputNames(model) + ")", e);
        }
    }

    private <I, O> List<O> predict(Translator<I, O> translator, List<I> inputs) {
        try (Predictor<I, O> predictor = model.newPredictor(translator, Device.cpu())) {
            return predictor.batchPredict(inputs);
        } catch (TranslateException | RuntimeException e) {
            throw new ModelException("model " + name + " failed: " + firstLine(e)
                    + " (model inputs: " + inputNames(model) + ")", e);
        }
    }

    private void requireTask(ModelTask... allowed) {
        for (ModelTask t : allowed) {
            if (t.id().equals(task)) {
                return;
            }
        }
        throw ModelException.unsupported(allowed[0].id());
    }

    private static Set<String> inputNames(ZooModel<NDList, NDList> model) {
        try {
            PairList<String, Shape> inputs = model.describeInput();
            return inputs == null ? Set.of() : Set.copyOf(inputs.keys());
        } catch (RuntimeException e) {
            return Set.of();
        }
    }

    private static List<String> labels(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    private static int maxLength(Object value) {
        if (value instanceof Number n && n.intValue() > 0) {
            return n.intValue();
        }
        if (value instanceof String s && s.matches("\\d+")) {
            return Integer.parseInt(s);
        }
        return DEFAULT_MAX_LENGTH;
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getMessage() == null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Override
    public void close() {
        tokenizer.close();
        model.close();
    }
}
