package dev.modelcompose.engine.load;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-only: reads YAML text into a {@link ConfigNode} tree with marks, without the reader's normalisation (the
 * real {@code DocumentReader} lives on another branch). Fixtures are therefore written in the normalised form when
 * a test binds them.
 */
final class FixtureYaml {
    private FixtureYaml() {
    }

    static ReadDocument read(Path file) {
        try {
            return read(Files.readString(file), file.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ReadDocument read(String text, String fileName) {
        LoadSettings settings = LoadSettings.builder().setLabel(fileName).build();
        Node node = new Compose(settings).composeString(text).orElseThrow();
        ConfigNode root = convert(node, fileName, "");
        return new ReadDocument((ConfigMap) root, List.of(fileName), Path.of("."));
    }

    private static SourceMark mark(Node node, String file) {
        Mark mark = node.getStartMark().orElse(null);
        return mark == null ? SourceMark.UNKNOWN : new SourceMark(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    private static ConfigNode convert(Node node, String file, String path) {
        if (node instanceof MappingNode mapping) {
            Map<String, ConfigNode> entries = new LinkedHashMap<>();
            Map<String, SourceMark> keyMarks = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                String key = ((ScalarNode) tuple.getKeyNode()).getValue();
                entries.put(key, convert(tuple.getValueNode(), file, ConfigNode.childPath(path, key)));
                keyMarks.put(key, mark(tuple.getKeyNode(), file));
            }
            return new ConfigMap(entries, keyMarks, mark(node, file), path);
        }
        if (node instanceof SequenceNode sequence) {
            List<ConfigNode> items = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                items.add(convert(item, file, ConfigNode.childPath(path, items.size())));
            }
            return new ConfigList(items, mark(node, file), path);
        }
        ScalarNode scalar = (ScalarNode) node;
        return new ConfigScalar(scalarValue(scalar), mark(node, file), path);
    }

    private static Object scalarValue(ScalarNode scalar) {
        String text = scalar.getValue();
        Tag tag = scalar.getTag();
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        if (Tag.BOOL.equals(tag)) {
            return Boolean.parseBoolean(text.toLowerCase());
        }
        if (Tag.INT.equals(tag)) {
            BigInteger value = new BigInteger(text.replace("_", ""));
            return value.bitLength() < 32 ? (Object) value.intValue()
                    : value.bitLength() < 64 ? (Object) value.longValue() : value;
        }
        if (Tag.FLOAT.equals(tag)) {
            return Double.parseDouble(text);
        }
        return text;
    }
}
