package dev.modelcompose.drivers.onnx;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelcompose.engine.spi.Cancellation;
import dev.modelcompose.engine.spi.model.GenerationParams;
import dev.modelcompose.engine.spi.model.GenerationRequest;
import dev.modelcompose.engine.spi.model.GenerationResult;
import dev.modelcompose.engine.spi.model.ModelException;
import dev.modelcompose.engine.spi.model.ModelLoadRequest;
import dev.modelcompose.engine.spi.model.TokenSink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text generation and chat completion for decoder-only ONNX models in the Optimum layout: inputs {@code input_ids},
 * {@code attention_mask}, optional {@code position_ids}, optional {@code past_key_values.N.key/value} (with outputs
 * {@code present.N.key/value}) and optional {@code use_cache_branch}; output {@code logits} [batch, sequence, vocab].
 * With a KV cache the prompt runs once (with an empty past) and then one token per step; without one, every step runs
 * the whole sequence again. Sampling is {@link TokenSampler}, text deltas come from {@link IncrementalDetokenizer} and
 * pass through {@link StopSequenceFilter}; chat prompts are rendered by {@link ChatTemplate}. Safe for concurrent
 * calls: each call keeps its own state.
 */
public final class OnnxGenerator implements AutoCloseable {
    private static final Pattern PAST = Pattern.compile("past_key_values\\.(\\d+)\\.(key|value)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String modelName;
    private final OrtSession session;
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final HuggingFaceTokenizer tokenizer;
    private final OnnxJavaType idType;
    private final OnnxJavaType positionType;
    private final OnnxJavaType maskType;
    private final boolean hasPositionIds;
    private final boolean hasAttentionMask;
    private final boolean hasCacheBranch;
    /** past input name → present output name, in layer order; empty without a KV cache. */
    private final Map<String, String> pastToPresent = new LinkedHashMap<>();
    private final Map<String, long[]> pastShapes = new HashMap<>();
    private final Map<String, OnnxJavaType> pastTypes = new HashMap<>();
    private final Set<String> requestedOutputs = new LinkedHashSet<>();
    private final int[] eosIds;
    private final ChatTemplate chatTemplate;
    /** tokenizer_config.json's {@code tool_use} template, for calls with tools; null when none. */
    private final ChatTemplate toolTemplate;
    private final int maxPositions;

    /**
     * @param files   the model's files (model, tokenizer.json, config.json, tokenizer_config.json, folder)
     * @param session the open session; the generator does not close it
     * @param request the load request (task, settings such as chat_template)
     */
    public OnnxGenerator(ModelFiles files, OrtSession session, ModelLoadRequest request) {
        this.modelName = files.name();
        this.session = session;
        Map<String, NodeInfo> inputs;
        Map<String, NodeInfo> outputs;
        try {
            inputs = session.getInputInfo();
            outputs = session.getOutputInfo();
        } catch (OrtException e) {
            throw new ModelException("model " + modelName + ": cannot read its inputs and outputs: " + e.getMessage(),
                    e);
        }
        JsonNode config = readJson(files.config());
        checkLayout(inputs, outputs);
        this.idType = tensorInfo(inputs.get("input_ids")).type;
        this.hasPositionIds = inputs.containsKey("position_ids");
        this.hasAttentionMask = inputs.containsKey("attention_mask");
        this.positionType = hasPositionIds ? tensorInfo(inputs.get("position_ids")).type : idType;
        this.maskType = hasAttentionMask ? tensorInfo(inputs.get("attention_mask")).type : idType;
        this.hasCacheBranch = inputs.containsKey("use_cache_branch");
        requestedOutputs.add("logits");
        Map<Integer, List<String>> layers = new TreeMap<>();
        for (String name : inputs.keySet()) {
            Matcher m = PAST.matcher(name);
            if (m.matches()) {
                layers.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new ArrayList<>()).add(name);
            }
        }
        for (List<String> names : layers.values()) {
            names.sort(null); // key before value
            for (String past : names) {
                String present = past.replace("past_key_values", "present");
                if (!outputs.containsKey(present)) {
                    throw new ModelException("model " + modelName + " has the input " + past + " but no output "
                            + present + "; " + describe(inputs, outputs));
                }
                TensorInfo info = tensorInfo(inputs.get(past));
                pastShapes.put(past, emptyPastShape(past, info.getShape(), config));
                pastTypes.put(past, info.type);
                pastToPresent.put(past, present);
                requestedOutputs.add(present);
            }
        }
        JsonNode tokenizerConfig = readJson(files.tokenizerConfig());
        JsonNode generationConfig = readJson(files.generationConfig());
        this.tokenizer = openTokenizer(files.tokenizer());
        this.eosIds = eosIds(generationConfig, config, tokenizerConfig);
        this.maxPositions = config == null ? 0 : config.path("max_position_embeddings").asInt(0);
        this.chatTemplate = chatTemplate(request, tokenizerConfig, false);
        this.toolTemplate = chatTemplate(request, tokenizerConfig, true);
    }

    /** True when the model has {@code past_key_values} inputs (one token per step after the prompt). */
    public boolean hasKvCache() {
        return !pastToPresent.isEmpty();
    }

    public GenerationResult generate(GenerationRequest request, TokenSink sink, Cancellation cancellation) {
        return generate(request, sink, cancellation, null);
    }

    /**
     * As {@link #generate(GenerationRequest, TokenSink, Cancellation)}, adding the time spent inside
     * {@code OrtSession.run} and in the whole call to {@code timings} when it is not null (for benchmarks).
     */
    public GenerationResult generate(GenerationRequest request, TokenSink sink, Cancellation cancellation,
                                     LoopTimings timings) {
        long loopStart = timings == null ? 0 : System.nanoTime();
        GenerationParams params = request.params() == null
                ? new GenerationParams(null, null, null, null, null, null, null, null, null, null, null, null)
                : request.params();
        if (params.jsonSchema() != null || params.grammar() != null) {
            throw new ModelException("model " + modelName + ": the onnx driver cannot constrain generation to "
                    + (params.jsonSchema() != null ? "params.json_schema" : "params.grammar")
                    + " (the llamacpp driver can); remove it");
        }
        String prompt = request.messages() != null ? renderChat(request) : request.prompt();
        if (prompt == null || prompt.isEmpty()) {
            throw new ModelException("model " + modelName + ": the prompt is empty");
        }
        long[] promptIds = tokenizer.encode(prompt, request.messages() == null, false).getIds();
        if (promptIds.length == 0) {
            throw new ModelException("model " + modelName + ": the prompt has no tokens");
        }
        int maxNew = params.maxOutputLengthOrDefault();
        if (maxPositions > 0) {
            if (promptIds.length >= maxPositions) {
                throw new ModelException("model " + modelName + ": the prompt has " + promptIds.length
                        + " tokens; the model takes at most " + maxPositions);
            }
            maxNew = Math.min(maxNew, maxPositions - promptIds.length);
        }
        int minNew = params.minOutputLength() == null ? 0 : params.minOutputLength();
        TokenSampler sampler = new TokenSampler(params, eosIds);
        IncrementalDetokenizer detokenizer = new IncrementalDetokenizer(ids -> tokenizer.decode(ids, true));
        StopSequenceFilter stops = new StopSequenceFilter(params.stopSequencesOrEmpty());
        int[] history = new int[promptIds.length + Math.max(maxNew, 0)];
        for (int i = 0; i < promptIds.length; i++) {
            history[i] = (int) promptIds[i];
        }
        int length = promptIds.length;
        StringBuilder text = new StringBuilder();
        String finish = "length";
        int generated = 0;
        try (Step step = new Step(timings)) {
            while (generated < maxNew) {
                if (cancellation != null && cancellation.isCancelled()) {
                    finish = "cancelled";
                    break;
                }
                float[] logits = step.run(history, length);
                int vocab = step.vocab;
                int token = sampler.next(logits, logits.length - vocab, vocab, history, length, generated < minNew);
                if (isEos(token)) {
                    finish = "stop";
                    break;
                }
                history[length++] = token;
                generated++;
                String delta = stops.offer(detokenizer.add(token));
                if (!delta.isEmpty()) {
                    text.append(delta);
                    if (!sink.accept(delta)) {
                        finish = "cancelled";
                        break;
                    }
                }
                if (stops.stopped()) {
                    finish = "stop";
                    break;
                }
            }
        } catch (OrtException e) {
            throw new ModelException("model " + modelName + ": generation failed in ONNX Runtime: " + e.getMessage(),
                    e);
        }
        if (!finish.equals("cancelled") && !stops.stopped()) {
            String tail = stops.offer(detokenizer.flush());
            if (!stops.stopped()) {
                tail += stops.flush();
            }
            if (!tail.isEmpty()) {
                text.append(tail);
                sink.accept(tail);
            }
            if (stops.stopped()) {
                finish = "stop";
            }
        }
        if (timings != null) {
            timings.tokens += generated;
            timings.totalNanos += System.nanoTime() - loopStart;
        }
        return new GenerationResult(text.toString(), promptIds.length, generated, finish);
    }

    /** The prompt a chat renders to (for messages and tests). */
    public String renderChat(GenerationRequest request) {
        if (chatTemplate == null) {
            throw new ModelException("model " + modelName + " has no chat template (no chat_template in its "
                    + "tokenizer_config.json); set chat_template on the component");
        }
        boolean tools = request.tools() != null && !request.tools().isEmpty();
        return (tools ? toolTemplate : chatTemplate).render(request.messages(), request.tools());
    }

    private boolean isEos(int token) {
        for (int eos : eosIds) {
            if (eos == token) {
                return true;
            }
        }
        return false;
    }

    /** One generation's model state: the KV cache of the previous step, or nothing. */
    private final class Step implements AutoCloseable {
        private final LoopTimings timings;
        private OrtSession.Result previous;
        private int pastLength;
        private OneValue oneId;
        private OneValue onePosition;
        private ByteBuffer maskOnes;
        int vocab;

        Step(LoopTimings timings) {
            this.timings = timings;
        }

        float[] run(int[] history, int length) throws OrtException {
            boolean first = previous == null;
            int start = hasKvCache() && !first ? pastLength : 0;
            int seq = length - start;
            List<OnnxTensor> created = new ArrayList<>();
            Map<String, OnnxTensor> feed = new HashMap<>();
            try {
                if (seq == 1) {
                    // one token after the prompt: reuse two 1-element tensors whose direct buffers are rewritten
                    if (oneId == null) {
                        oneId = new OneValue(idType);
                        onePosition = new OneValue(positionType);
                    }
                    feed.put("input_ids", oneId.set(history[start]));
                    if (hasPositionIds) {
                        feed.put("position_ids", onePosition.set(start));
                    }
                } else {
                    long[] ids = new long[seq];
                    long[] positions = new long[seq];
                    for (int i = 0; i < seq; i++) {
                        ids[i] = history[start + i];
                        positions[i] = start + i;
                    }
                    feed.put("input_ids", track(tensor(ids, idType), created));
                    if (hasPositionIds) {
                        feed.put("position_ids", track(tensor(positions, positionType), created));
                    }
                }
                if (hasAttentionMask) {
                    feed.put("attention_mask", track(ones(length, history.length), created));
                }
                if (hasCacheBranch) {
                    feed.put("use_cache_branch", track(OnnxTensor.createTensor(env, new boolean[]{!first}), created));
                }
                for (Map.Entry<String, String> kv : pastToPresent.entrySet()) {
                    if (first) {
                        long[] shape = pastShapes.get(kv.getKey());
                        feed.put(kv.getKey(), track(OnnxTensor.createTensor(env, ByteBuffer.allocateDirect(0), shape,
                                pastTypes.get(kv.getKey())), created));
                    } else {
                        feed.put(kv.getKey(), (OnnxTensor) previous.get(kv.getValue()).orElseThrow());
                    }
                }
                long runStart = timings == null ? 0 : System.nanoTime();
                OrtSession.Result result = session.run(feed, requestedOutputs);
                if (timings != null) {
                    timings.runNanos += System.nanoTime() - runStart;
                }
                if (previous != null) {
                    previous.close();
                }
                float[] row = lastRow((OnnxTensor) result.get("logits").orElseThrow());
                if (hasKvCache()) {
                    previous = result;
                    pastLength = length;
                } else {
                    result.close();
                }
                return row;
            } finally {
                created.forEach(OnnxTensor::close);
            }
        }

        private float[] lastRow(OnnxTensor logits) {
            long[] shape = logits.getInfo().getShape();
            vocab = (int) shape[shape.length - 1];
            if (logits.getInfo().type == OnnxJavaType.FLOAT16) {
                ShortBuffer halves = logits.getShortBuffer();
                int offset = halves.limit() - vocab;
                float[] row = new float[vocab];
                for (int i = 0; i < vocab; i++) {
                    row[i] = halfToFloat(halves.get(offset + i));
                }
                return row;
            }
            FloatBuffer all = logits.getFloatBuffer();
            float[] row = new float[vocab];
            all.position(all.limit() - vocab);
            all.get(row);
            return row;
        }

        /** [1, length] ones, viewing one direct buffer of ones that holds the longest mask of this generation. */
        private OnnxTensor ones(int length, int capacity) throws OrtException {
            int width = maskType == OnnxJavaType.INT32 ? 4 : 8;
            if (maskOnes == null) {
                maskOnes = ByteBuffer.allocateDirect(capacity * width).order(ByteOrder.nativeOrder());
                for (int i = 0; i < capacity; i++) {
                    if (width == 4) {
                        maskOnes.putInt(i * 4, 1);
                    } else {
                        maskOnes.putLong(i * 8, 1L);
                    }
                }
            }
            ByteBuffer view = maskOnes.duplicate().order(ByteOrder.nativeOrder());
            view.limit(length * width);
            return OnnxTensor.createTensor(env, view.slice().order(ByteOrder.nativeOrder()), new long[]{1, length},
                    maskType);
        }

        private OnnxTensor tensor(long[] values, OnnxJavaType type) throws OrtException {
            long[] shape = {1, values.length};
            if (type == OnnxJavaType.INT32) {
                int[] ints = new int[values.length];
                for (int i = 0; i < values.length; i++) {
                    ints[i] = (int) values[i];
                }
                return OnnxTensor.createTensor(env, IntBuffer.wrap(ints), shape);
            }
            return OnnxTensor.createTensor(env, LongBuffer.wrap(values), shape);
        }

        private OnnxTensor track(OnnxTensor tensor, List<OnnxTensor> created) {
            created.add(tensor);
            return tensor;
        }

        @Override
        public void close() {
            if (previous != null) {
                previous.close();
            }
            previous = null;
            if (oneId != null) {
                oneId.tensor.close();
                onePosition.tensor.close();
            }
        }
    }

    /** A [1, 1] integer tensor over a direct buffer, rewritten in place for each step. */
    private final class OneValue {
        private final ByteBuffer buffer;
        private final boolean int32;
        private final OnnxTensor tensor;

        OneValue(OnnxJavaType type) throws OrtException {
            this.int32 = type == OnnxJavaType.INT32;
            this.buffer = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
            this.tensor = OnnxTensor.createTensor(env, buffer.slice(0, int32 ? 4 : 8).order(ByteOrder.nativeOrder()),
                    new long[]{1, 1}, int32 ? OnnxJavaType.INT32 : OnnxJavaType.INT64);
        }

        OnnxTensor set(long value) {
            if (int32) {
                buffer.putInt(0, (int) value);
            } else {
                buffer.putLong(0, value);
            }
            return tensor;
        }
    }

    private void checkLayout(Map<String, NodeInfo> inputs, Map<String, NodeInfo> outputs) {
        if (!inputs.containsKey("input_ids") || !outputs.containsKey("logits")) {
            throw new ModelException("model " + modelName + " does not fit text generation: it needs an input "
                    + "input_ids and an output logits [batch, sequence, vocab] (a decoder-only model exported in the "
                    + "Optimum layout); " + describe(inputs, outputs));
        }
        Set<String> known = Set.of("input_ids", "attention_mask", "position_ids", "use_cache_branch");
        for (String name : inputs.keySet()) {
            if (!known.contains(name) && !PAST.matcher(name).matches()) {
                throw new ModelException("model " + modelName + " has an input " + name + " that text generation "
                        + "cannot feed (it feeds input_ids, attention_mask, position_ids, past_key_values.N.key/value "
                        + "and use_cache_branch); " + describe(inputs, outputs));
            }
        }
    }

    private static String describe(Map<String, NodeInfo> inputs, Map<String, NodeInfo> outputs) {
        return "its inputs are " + String.join(", ", inputs.keySet()) + "; its outputs are "
                + String.join(", ", outputs.keySet());
    }

    private TensorInfo tensorInfo(NodeInfo node) {
        if (!(node.getInfo() instanceof TensorInfo info)) {
            throw new ModelException("model " + modelName + ": input " + node.getName() + " is not a tensor");
        }
        return info;
    }

    /** [1, heads, 0, head_dim], the unknown dims read from config.json. */
    private long[] emptyPastShape(String name, long[] declared, JsonNode config) {
        if (declared.length != 4) {
            throw new ModelException("model " + modelName + ": " + name + " has shape " + Arrays.toString(declared)
                    + "; expected [batch, heads, past_sequence, head_dim]");
        }
        long heads = declared[1];
        long headDim = declared[3];
        if (heads <= 0 || headDim <= 0) {
            int attentionHeads = config == null ? 0 : firstInt(config, "num_attention_heads", "n_head");
            int kvHeads = config == null ? 0 : firstInt(config, "num_key_value_heads");
            int hidden = config == null ? 0 : firstInt(config, "hidden_size", "n_embd");
            int dim = config == null ? 0 : firstInt(config, "head_dim");
            if (heads <= 0) {
                heads = kvHeads > 0 ? kvHeads : attentionHeads;
            }
            if (headDim <= 0) {
                headDim = dim > 0 ? dim : attentionHeads > 0 && hidden > 0 ? hidden / attentionHeads : 0;
            }
            if (heads <= 0 || headDim <= 0) {
                throw new ModelException("model " + modelName + ": " + name + " has symbolic heads or head size and "
                        + "config.json does not give them (num_key_value_heads / num_attention_heads, head_dim / "
                        + "hidden_size)");
            }
        }
        return new long[]{1, heads, 0, headDim};
    }

    private static int firstInt(JsonNode config, String... fields) {
        for (String field : fields) {
            if (config.path(field).canConvertToInt()) {
                return config.path(field).asInt();
            }
        }
        return 0;
    }

    /** generation_config.json's eos_token_id, else config.json's, else tokenizer_config.json's eos_token. */
    private int[] eosIds(JsonNode generationConfig, JsonNode config, JsonNode tokenizerConfig) {
        for (JsonNode source : new JsonNode[]{generationConfig, config}) {
            JsonNode eos = source == null ? null : source.get("eos_token_id");
            if (eos != null && eos.isInt()) {
                return new int[]{eos.asInt()};
            }
            if (eos != null && eos.isArray() && !eos.isEmpty()) {
                int[] ids = new int[eos.size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = eos.get(i).asInt();
                }
                return ids;
            }
        }
        String eosToken = ChatTemplate.specialToken(tokenizerConfig, "eos_token");
        if (eosToken != null) {
            long[] ids = tokenizer.encode(eosToken, false, false).getIds();
            if (ids.length == 1) {
                return new int[]{(int) ids[0]};
            }
        }
        return new int[0];
    }

    private ChatTemplate chatTemplate(ModelLoadRequest request, JsonNode tokenizerConfig, boolean withTools) {
        Object setting = request.settings() == null ? null : request.settings().get("chat_template");
        Optional<String> source = setting != null
                ? Optional.of(setting.toString())
                : ChatTemplate.fromTokenizerConfig(tokenizerConfig, withTools);
        return source.map(s -> new ChatTemplate(s, ChatTemplate.specialToken(tokenizerConfig, "bos_token"),
                ChatTemplate.specialToken(tokenizerConfig, "eos_token"))).orElse(null);
    }

    private HuggingFaceTokenizer openTokenizer(Path file) {
        try {
            return HuggingFaceTokenizer.newInstance(file, Map.of("truncation", "false", "padding", "false"));
        } catch (IOException | RuntimeException e) {
            throw new ModelException("model " + modelName + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private JsonNode readJson(Optional<Path> file) {
        if (file.isEmpty()) {
            return null;
        }
        try {
            return JSON.readTree(file.get().toFile());
        } catch (IOException e) {
            throw new ModelException("model " + modelName + ": " + file.get() + " is not valid JSON: "
                    + e.getMessage(), e);
        }
    }

    private static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0) {
            return (sign != 0 ? -1 : 1) * mantissa * 0x1p-24f;
        }
        if (exponent == 31) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** Where a generation's time went, summed over calls. */
    public static final class LoopTimings {
        public long tokens;
        public long runNanos;
        public long totalNanos;

        /** Time per token outside ONNX Runtime (sampling, detokenising, stop sequences, the sink), in microseconds. */
        public double overheadMicrosPerToken() {
            return tokens == 0 ? 0 : (totalNanos - runNanos) / 1000.0 / tokens;
        }
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
