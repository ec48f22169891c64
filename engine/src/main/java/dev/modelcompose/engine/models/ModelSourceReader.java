package dev.modelcompose.engine.models;

import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.ConfigList;
import dev.modelcompose.engine.load.ConfigMap;
import dev.modelcompose.engine.load.ConfigNode;
import dev.modelcompose.engine.load.ConfigScalar;
import dev.modelcompose.engine.load.DidYouMean;
import dev.modelcompose.engine.load.Problem;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads a compose file's {@code model:} value into a {@link ModelSource}; see {@link ModelSource#read}. */
final class ModelSourceReader {
    static final List<String> PROVIDERS = List.of("local", "huggingface", "builtin");
    static final List<String> FORMATS = List.of("onnx", "gguf", "safetensors", "pytorch");

    private static final Map<String, Set<String>> KEYS = Map.of(
            "local", Set.of("provider", "path", "format"),
            "huggingface", Set.of("provider", "repository", "revision", "filename", "allow_patterns", "cache_dir",
                    "local_files_only", "token", "format"),
            "builtin", Set.of("provider", "name"));
    private static final List<String> ALL_KEYS = List.of("provider", "path", "format", "repository", "revision",
            "filename", "allow_patterns", "cache_dir", "local_files_only", "token", "name");

    /** {@code org/name} or {@code name}: letters, digits, {@code - _ .}; no {@code --} or {@code ..}. */
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?");

    private final Path baseDir;
    private final List<Problem> problems = new ArrayList<>();

    private ModelSourceReader(Path baseDir) {
        this.baseDir = baseDir == null ? Path.of("").toAbsolutePath() : baseDir.toAbsolutePath();
    }

    static ModelSource read(ConfigNode node, Path baseDir) {
        ModelSourceReader reader = new ModelSourceReader(baseDir);
        ModelSource source = reader.node(node);
        if (!reader.problems.isEmpty()) {
            throw new ComposeException(reader.problems);
        }
        return source;
    }

    private ModelSource node(ConfigNode node) {
        if (node instanceof ConfigScalar scalar && scalar.value() instanceof String text) {
            return string(scalar, text.strip());
        }
        if (node instanceof ConfigMap map) {
            return mapping(map);
        }
        throw ComposeException.at(node, "expected a model: a path, a Hugging Face repository (org/name), "
                + "builtin:NAME or a mapping, got " + describe(node));
    }

    private ModelSource string(ConfigScalar node, String text) {
        if (text.isEmpty()) {
            throw ComposeException.at(node, "the model is empty",
                    "write a path (./models/x), a Hugging Face repository (org/name) or builtin:NAME");
        }
        if (text.startsWith("builtin:")) {
            return builtin(node, text.substring("builtin:".length()));
        }
        if (looksLikePath(text) || exists(text)) {
            return new LocalModelSource(path(text), null);
        }
        String repository = text;
        String revision = null;
        int at = text.indexOf('@');
        if (at >= 0) {
            repository = text.substring(0, at);
            revision = text.substring(at + 1);
            if (revision.isEmpty()) {
                throw ComposeException.at(node, "'" + text + "' has an empty revision after '@'",
                        "write org/name@revision, or leave out '@' for main");
            }
        }
        checkRepository(node, repository);
        return new HubModelSource(repository, revision, null, null, null, false, null, null);
    }

    private ModelSource mapping(ConfigMap map) {
        for (String key : map.keys()) {
            if (!key.startsWith("x-") && !ALL_KEYS.contains(key)) {
                ConfigNode value = map.get(key);
                String hint = DidYouMean.hint(key, ALL_KEYS);
                problems.add(new Problem(map.keyMark(key), value.path(), "unknown key '" + key + "'",
                        hint != null ? hint : "model keys: " + String.join(", ", ALL_KEYS)));
            }
        }
        String provider = text(map, "provider");
        if (provider == null) {
            boolean hasPath = map.has("path");
            boolean hasRepository = map.has("repository");
            boolean hasName = map.has("name");
            if (hasPath && hasRepository) {
                throw ComposeException.at(map, "a model has 'path' or 'repository', not both",
                        "'path' is a local model, 'repository' a Hugging Face one");
            }
            if (hasPath) {
                provider = "local";
            } else if (hasRepository) {
                provider = "huggingface";
            } else if (hasName) {
                provider = "builtin";
            } else {
                throw ComposeException.at(map, "a model mapping needs 'path' (a local model) or 'repository' "
                        + "(a Hugging Face model)", "or write provider: builtin with name: all-minilm-l6-v2");
            }
        } else if (!PROVIDERS.contains(provider)) {
            String hint = DidYouMean.hint(provider, PROVIDERS);
            throw ComposeException.at(map.get("provider"), "unknown model provider '" + provider + "'",
                    hint != null ? hint : "providers: " + String.join(", ", PROVIDERS));
        }
        Set<String> allowed = KEYS.get(provider);
        for (String key : map.keys()) {
            if (ALL_KEYS.contains(key) && !allowed.contains(key)) {
                problems.add(new Problem(map.keyMark(key), map.get(key).path(),
                        "'" + key + "' does not apply to a " + provider + " model",
                        provider + " models take: " + String.join(", ", ALL_KEYS.stream()
                                .filter(allowed::contains).filter(k -> !k.equals("provider")).toList())));
            }
        }
        ModelSource source = switch (provider) {
            case "local" -> local(map);
            case "builtin" -> {
                String name = required(map, "name", "the builtin model's name, such as all-minilm-l6-v2");
                yield name == null ? null : builtin(map.get("name"), name);
            }
            default -> hub(map);
        };
        if (!problems.isEmpty()) {
            throw new ComposeException(problems);
        }
        return source;
    }

    private ModelSource local(ConfigMap map) {
        String path = required(map, "path", "a model file or folder: /abs, ./rel or ~/x");
        String format = format(map);
        return path == null ? null : new LocalModelSource(path(path), format);
    }

    private ModelSource hub(ConfigMap map) {
        String repository = required(map, "repository", "org/name");
        if (repository != null) {
            checkRepository(map.get("repository"), repository);
        }
        String revision = text(map, "revision");
        String filename = text(map, "filename");
        List<String> patterns = patterns(map.get("allow_patterns"));
        if (filename != null && patterns != null) {
            problems.add(Problem.at(map.get("allow_patterns"), "a model has 'filename' or 'allow_patterns', not both",
                    "'filename' fetches one file (with the config and tokenizer files)"));
        }
        String cacheDir = text(map, "cache_dir");
        boolean localOnly = bool(map, "local_files_only");
        String token = text(map, "token");
        if (token != null && token.isBlank()) {
            token = null;
        }
        return new HubModelSource(repository, revision, filename, patterns,
                cacheDir == null ? null : path(cacheDir), localOnly, token, format(map));
    }

    private ModelSource builtin(ConfigNode node, String name) {
        if (!BuiltinModels.NAMES.contains(name)) {
            String hint = DidYouMean.hint(name, BuiltinModels.NAMES);
            throw ComposeException.at(node, "unknown builtin model '" + name + "'",
                    (hint != null ? hint + "; " : "") + "builtin models: " + String.join(", ", BuiltinModels.NAMES));
        }
        return new BuiltinModelSource(name);
    }

    private String format(ConfigMap map) {
        String format = text(map, "format");
        if (format != null && !FORMATS.contains(format)) {
            String hint = DidYouMean.hint(format, FORMATS);
            problems.add(Problem.at(map.get("format"), "unknown model format '" + format + "'",
                    hint != null ? hint : "formats: " + String.join(", ", FORMATS)));
            return null;
        }
        return format;
    }

    private List<String> patterns(ConfigNode node) {
        if (node == null || node instanceof ConfigScalar scalar && scalar.isNull()) {
            return null;
        }
        List<ConfigNode> items = node instanceof ConfigList list ? list.items() : List.of(node);
        List<String> patterns = new ArrayList<>();
        for (ConfigNode item : items) {
            if (item instanceof ConfigScalar scalar && scalar.value() instanceof String text && !text.isBlank()) {
                patterns.add(text.strip());
            } else {
                problems.add(Problem.at(item, "expected a file pattern such as '*.json', got " + describe(item)));
            }
        }
        if (patterns.isEmpty() && problems.isEmpty()) {
            problems.add(Problem.at(node, "allow_patterns is empty", "list the files to fetch, such as '*.json'"));
        }
        return patterns;
    }

    private String required(ConfigMap map, String key, String what) {
        ConfigNode node = map.get(key);
        if (node == null || node instanceof ConfigScalar scalar && scalar.isNull()) {
            problems.add(Problem.at(map, "missing '" + key + "'", what));
            return null;
        }
        String value = text(map, key);
        if (value != null && value.isBlank()) {
            problems.add(Problem.at(node, "'" + key + "' is empty", what));
            return null;
        }
        return value == null ? null : value.strip();
    }

    /** A scalar's text (numbers as written), null when absent or null; a problem for lists and mappings. */
    private String text(ConfigMap map, String key) {
        ConfigNode node = map.get(key);
        if (node == null || node instanceof ConfigScalar scalar && scalar.isNull()) {
            return null;
        }
        if (node instanceof ConfigScalar scalar && !(scalar.value() instanceof Boolean)) {
            return String.valueOf(scalar.value());
        }
        problems.add(Problem.at(node, "expected a string, got " + describe(node)));
        return null;
    }

    private boolean bool(ConfigMap map, String key) {
        ConfigNode node = map.get(key);
        if (node == null || node instanceof ConfigScalar scalar && scalar.isNull()) {
            return false;
        }
        if (node instanceof ConfigScalar scalar && scalar.value() instanceof Boolean b) {
            return b;
        }
        problems.add(Problem.at(node, "expected a boolean (true or false), got " + describe(node)));
        return false;
    }

    private void checkRepository(ConfigNode node, String repository) {
        if (!REPOSITORY.matcher(repository).matches() || repository.contains("--") || repository.contains("..")) {
            problems.add(Problem.at(node, "'" + repository + "' is not a Hugging Face repository id",
                    "write org/name (letters, digits, '-', '_', '.'), a path starting with ./, / or ~/, "
                            + "or builtin:NAME"));
        }
    }

    private Path path(String text) {
        if (text.equals("~")) {
            return Path.of(System.getProperty("user.home"));
        }
        if (text.startsWith("~/")) {
            return Path.of(System.getProperty("user.home")).resolve(text.substring(2)).normalize();
        }
        return baseDir.resolve(text).toAbsolutePath().normalize();
    }

    private boolean exists(String text) {
        try {
            return Files.exists(baseDir.resolve(text));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static boolean looksLikePath(String text) {
        return text.startsWith("/") || text.startsWith("./") || text.startsWith("../") || text.startsWith("~/")
                || text.equals("~") || text.equals(".") || text.equals("..")
                || text.length() > 2 && text.charAt(1) == ':' && (text.charAt(2) == '\\' || text.charAt(2) == '/');
    }

    private static String describe(ConfigNode node) {
        if (node instanceof ConfigScalar scalar && !scalar.isNull()) {
            return scalar.describe() + " (" + scalar.value() + ")";
        }
        return node.describe();
    }
}
