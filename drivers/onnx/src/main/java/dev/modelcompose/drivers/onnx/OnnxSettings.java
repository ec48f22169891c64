package dev.modelcompose.drivers.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelcompose.engine.spi.model.ModelException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The component settings the encoder tasks read, with the model's config.json.
 *
 * @param pooling      {@code pooling} (default mean)
 * @param labels       {@code labels}: class names in class order, or null
 * @param configLabels config.json's {@code id2label} in class order (null entries for gaps), or null
 * @param maxSeqLength {@code max_seq_length}, or null
 * @param batchSize    {@code batch_size}: texts per ONNX Runtime call (0: the default)
 */
record OnnxSettings(Pooling pooling, List<String> labels, List<String> configLabels, Integer maxSeqLength,
                    int batchSize) {

    static OnnxSettings read(ModelFiles files, Map<String, Object> settings) {
        Map<String, Object> s = settings == null ? Map.of() : settings;
        Pooling pooling;
        try {
            pooling = Pooling.parse(s.get("pooling") == null ? null : s.get("pooling").toString());
        } catch (ModelException e) {
            throw new ModelException("model " + files.name() + ": " + e.getMessage());
        }
        Integer maxSeqLength = positive(files.name(), s, "max_seq_length");
        Integer batchSize = positive(files.name(), s, "batch_size");
        return new OnnxSettings(pooling, labels(files.name(), s.get("labels")),
                files.config().map(OnnxSettings::id2label).orElse(null), maxSeqLength,
                batchSize == null ? 0 : batchSize);
    }

    private static List<String> labels(String name, Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list)) {
            throw new ModelException("model " + name + ": labels must be a list of class names, in class order");
        }
        List<String> labels = new ArrayList<>(list.size());
        for (Object label : list) {
            labels.add(label == null ? null : label.toString());
        }
        return Collections.unmodifiableList(labels);
    }

    private static Integer positive(String name, Map<String, Object> settings, String key) {
        Object value = settings.get(key);
        if (value == null) {
            return null;
        }
        try {
            int n = value instanceof Number number ? number.intValue() : Integer.parseInt(value.toString().trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ModelException("model " + name + ": " + key + " must be a whole number of at least 1, not " + value);
    }

    /** config.json {@code id2label} ({"0": "NEGATIVE", "1": "POSITIVE"}) in class order; null when absent. */
    static List<String> id2label(Path config) {
        try {
            JsonNode id2label = new ObjectMapper().readTree(config.toFile()).path("id2label");
            if (!id2label.isObject() || id2label.isEmpty()) {
                return null;
            }
            int max = -1;
            for (Map.Entry<String, JsonNode> entry : id2label.properties()) {
                max = Math.max(max, Integer.parseInt(entry.getKey().trim()));
            }
            String[] labels = new String[max + 1];
            for (Map.Entry<String, JsonNode> entry : id2label.properties()) {
                labels[Integer.parseInt(entry.getKey().trim())] = entry.getValue().asText();
            }
            return Collections.unmodifiableList(Arrays.asList(labels));
        } catch (IOException | RuntimeException e) {
            return null; // a config.json without usable labels gives unnamed classes
        }
    }
}
