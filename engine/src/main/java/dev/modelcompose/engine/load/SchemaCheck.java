package dev.modelcompose.engine.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.modelcompose.engine.value.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Validates a document against {@code schemas/compose.schema.json} (shipped in the engine jar) and translates every
 * error into a {@link Problem} at the place it was written: unknown keys with a did-you-mean hint, wrong types,
 * values outside an enum. All problems are reported at once, sorted by position.
 */
public final class SchemaCheck {
    /** The classpath resource holding the schema. */
    public static final String SCHEMA_RESOURCE = "dev/modelcompose/engine/schema/compose.schema.json";

    private SchemaCheck() {
    }

    /** @throws ComposeException listing every problem found */
    public static void validate(ReadDocument document, Collection<String> registeredTypes) {
        List<Problem> problems = problems(document.root(), registeredTypes);
        if (!problems.isEmpty()) {
            throw new ComposeException(problems);
        }
    }

    /** Every problem in {@code root}, sorted by position, without duplicates, at most 20. */
    public static List<Problem> problems(ConfigMap root) {
        return problems(root, null);
    }

    /**
     * As {@link #problems(ConfigMap)}; an unknown component type is reported with {@code registeredTypes} (the
     * types on the classpath) as the known ones, when given.
     */
    public static List<Problem> problems(ConfigMap root, Collection<String> registeredTypes) {
        List<Error> errors = Loaded.SCHEMA.validate(toJson(root));
        List<Problem> problems = new ArrayList<>();
        SchemaErrorTranslator translator = new SchemaErrorTranslator(Loaded.TREE, root, registeredTypes);
        for (Error error : errors) {
            problems.add(translator.translate(error));
        }
        return ProblemOrder.sortedUnique(problems, root);
    }

    /**
     * Loads and compiles the schema now (it is otherwise loaded on first use). Safe to call from a background
     * thread while the files are read: a later {@link #validate} waits for it.
     */
    public static void preload() {
        Loaded.SCHEMA.validate(JsonNodeFactory.instance.objectNode());
    }

    /** The schema as a JSON tree (for tests that compare it with the model). */
    public static JsonNode schemaTree() {
        return Loaded.TREE;
    }

    /** The ConfigNode tree as a Jackson tree. */
    static JsonNode toJson(ConfigNode node) {
        JsonNodeFactory factory = JsonNodeFactory.instance;
        if (node instanceof ConfigMap map) {
            ObjectNode object = factory.objectNode();
            map.entries().forEach((key, value) -> object.set(key, toJson(value)));
            return object;
        }
        if (node instanceof ConfigList list) {
            ArrayNode array = factory.arrayNode();
            list.items().forEach(item -> array.add(toJson(item)));
            return array;
        }
        Object value = ((ConfigScalar) node).value();
        if (value == null) {
            return factory.nullNode();
        }
        if (value instanceof Boolean b) {
            return factory.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return factory.numberNode(i);
        }
        if (value instanceof Long l) {
            return factory.numberNode(l);
        }
        if (value instanceof BigInteger big) {
            return factory.numberNode(big);
        }
        if (value instanceof Number number) {
            return factory.numberNode(number.doubleValue());
        }
        return factory.textNode(value.toString());
    }

    /** Loaded once, on first use. */
    private static final class Loaded {
        static final JsonNode TREE = readTree();
        static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(TREE);

        private static JsonNode readTree() {
            try (InputStream in = SchemaCheck.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + SCHEMA_RESOURCE);
                }
                return Json.MAPPER.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

}
