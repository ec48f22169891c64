package dev.modelcompose.components.textsplitter;

import dev.modelcompose.components.ComponentCallException;
import dev.modelcompose.components.ConfigFields;
import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.ConfigMap;
import dev.modelcompose.engine.load.ConfigNode;
import dev.modelcompose.engine.load.ConfigScalar;
import dev.modelcompose.engine.models.DownloadProgress;
import dev.modelcompose.engine.models.ModelResolver;
import dev.modelcompose.engine.models.ModelSource;
import dev.modelcompose.engine.spi.model.ModelDriver;
import dev.modelcompose.engine.spi.model.ModelDrivers;
import dev.modelcompose.engine.spi.model.ModelException;
import dev.modelcompose.engine.spi.model.ResolvedModel;
import dev.modelcompose.engine.spi.model.TokenCounter;

import java.nio.file.Path;
import java.util.Map;

/**
 * {@code length: tokens} with {@code tokenizer: <model source>}: lengths are counted with the model's tokenizer,
 * through the model driver that loads the model's format ({@link ModelDriver#tokenCounter}). The model is resolved
 * (downloaded or extracted when needed) on the first call and the counter kept for every later call.
 */
final class TokenizerSource {
    static final String CHARACTERS = "characters";
    static final String TOKENS = "tokens";

    private final ModelSource source;
    private final ModelDrivers drivers;
    private TokenCounter counter;

    TokenizerSource(ModelSource source, ModelDrivers drivers) {
        this.source = source;
        this.drivers = drivers;
    }

    /** Reads {@code length} and {@code tokenizer}; null when lengths are characters. */
    static TokenizerSource read(ConfigMap config, Path baseDir) {
        ConfigNode lengthNode = ConfigFields.node(config, "length");
        ConfigNode tokenizerNode = ConfigFields.node(config, "tokenizer");
        String length = CHARACTERS;
        if (lengthNode != null) {
            if (!(lengthNode instanceof ConfigScalar scalar && scalar.isString()
                    && (scalar.value().equals(CHARACTERS) || scalar.value().equals(TOKENS)))) {
                throw ComposeException.at(lengthNode, "length must be characters or tokens, got "
                        + ConfigFields.describeValue(lengthNode));
            }
            length = (String) ((ConfigScalar) lengthNode).value();
        }
        if (length.equals(CHARACTERS)) {
            if (tokenizerNode != null) {
                throw ComposeException.at(tokenizerNode, "tokenizer is used only with length: tokens",
                        "add length: tokens to count chunk sizes in the model's tokens");
            }
            return null;
        }
        if (tokenizerNode == null) {
            throw ComposeException.at(lengthNode, "length: tokens needs a tokenizer",
                    "for example tokenizer: builtin:all-minilm-l6-v2");
        }
        return new TokenizerSource(ModelSource.read(tokenizerNode, baseDir), ModelDrivers.discover());
    }

    String describe() {
        return source.describe();
    }

    /** The token counter; resolves the model on the first call. Blocking. */
    synchronized TextLength length(Map<String, String> environment) {
        if (counter == null) {
            counter = load(environment);
        }
        TokenCounter ready = counter;
        return text -> text.isEmpty() ? 0 : ready.count(text);
    }

    private TokenCounter load(Map<String, String> environment) {
        ResolvedModel model;
        try {
            model = ModelResolver.fromEnvironment(environment).resolve(source, DownloadProgress.NONE);
        } catch (ModelException e) {
            throw new ComponentCallException("tokenizer " + source.describe() + ": " + e.getMessage(), e);
        }
        ModelDriver driver = drivers.forFormat(model.format()).orElseThrow(() -> new ComponentCallException(
                "no model driver for " + model.format() + " models is on the classpath to count tokens of "
                        + source.describe() + " (add the module " + module(model.format()) + ")"));
        return driver.tokenCounter(model).orElseThrow(() -> new ComponentCallException("the " + driver.name()
                + " driver cannot count tokens with " + source.describe() + "'s tokenizer"));
    }

    private static String module(String format) {
        String driver = switch (format) {
            case "gguf" -> "llamacpp";
            case "safetensors", "pytorch" -> "djl";
            default -> "onnx";
        };
        return ModelDrivers.MODULES.getOrDefault(driver, "dev.modelcompose:compose-driver-" + driver);
    }
}
