package dev.modelcompose.engine.models;

import dev.modelcompose.engine.load.DidYouMean;
import dev.modelcompose.engine.spi.model.ModelException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which files of a Hub repository to fetch: {@code filename} with the config and tokenizer files; else those
 * {@code allow_patterns} match; else the defaults for the model's format (config, tokenizer and vocabulary files with
 * {@code model.onnx} or {@code onnx/model.onnx} and its external data; or the one {@code .gguf} file; or the
 * safetensors or PyTorch weights).
 *
 * @param files  repository paths to fetch
 * @param format the model's format, null when unknown (allow_patterns without a model file)
 * @param main   the model file to load when it is one file ({@code filename}, the one GGUF), else null
 */
record HubFileSelection(List<String> files, String format, String main) {

    static HubFileSelection of(HubModelSource source, List<String> available) {
        if (source.filename() != null) {
            return filename(source, available);
        }
        if (source.allowPatterns() != null) {
            return patterns(source, available);
        }
        return defaults(source, available);
    }

    private static HubFileSelection filename(HubModelSource source, List<String> available) {
        String filename = source.filename();
        if (!available.contains(filename)) {
            String hint = DidYouMean.hint(filename, available);
            throw new ModelException("file '" + filename + "' not found in repository " + source.repository()
                    + " at revision " + revision(source) + " (" + (hint != null ? hint
                    : "its files: " + summary(available)) + ")");
        }
        Set<String> files = new LinkedHashSet<>();
        files.add(filename);
        files.addAll(externalData(filename, available));
        files.addAll(supportFiles(available));
        String format = source.format() != null ? source.format() : FormatDetection.ofFileName(filename);
        return new HubFileSelection(List.copyOf(files), format, filename);
    }

    private static HubFileSelection patterns(HubModelSource source, List<String> available) {
        List<Pattern> patterns = source.allowPatterns().stream().map(HubFileSelection::glob).toList();
        List<String> files = available.stream().filter(f -> patterns.stream().anyMatch(p -> p.matcher(f).matches()))
                .toList();
        if (files.isEmpty()) {
            throw new ModelException("no file of " + source.repository() + " matches allow_patterns "
                    + source.allowPatterns() + " (its files: " + summary(available) + ")");
        }
        String format = source.format();
        String main = null;
        if (format == null) {
            List<String> models = files.stream().filter(f -> FormatDetection.ofFileName(f) != null).toList();
            format = models.stream().map(FormatDetection::ofFileName).distinct().count() == 1
                    ? FormatDetection.ofFileName(models.get(0)) : null;
        }
        List<String> ggufs = files.stream().filter(f -> f.toLowerCase(Locale.ROOT).endsWith(".gguf")).toList();
        if ("gguf".equals(format) && ggufs.size() == 1) {
            main = ggufs.get(0);
        }
        return new HubFileSelection(files, format, main);
    }

    private static HubFileSelection defaults(HubModelSource source, List<String> available) {
        String format = source.format() != null ? source.format() : guessFormat(available);
        if (format == null) {
            throw new ModelException("repository " + source.repository() + " has no model file this project loads "
                    + "(.onnx, .gguf, .safetensors, pytorch_model.bin); its files: " + summary(available)
                    + " (set filename or allow_patterns)");
        }
        Set<String> files = new LinkedHashSet<>();
        String main = null;
        switch (format) {
            case "onnx" -> {
                String model = available.contains("model.onnx") ? "model.onnx"
                        : available.contains("onnx/model.onnx") ? "onnx/model.onnx" : null;
                if (model == null) {
                    List<String> onnx = withSuffix(available, ".onnx");
                    if (onnx.size() != 1) {
                        throw several(source, "ONNX", onnx);
                    }
                    model = onnx.get(0);
                }
                files.add(model);
                files.addAll(externalData(model, available));
            }
            case "gguf" -> {
                List<String> ggufs = withSuffix(available, ".gguf");
                if (ggufs.size() != 1) {
                    throw several(source, "GGUF", ggufs);
                }
                main = ggufs.get(0);
                files.add(main);
            }
            case "safetensors" -> files.addAll(topLevel(available).stream()
                    .filter(f -> f.endsWith(".safetensors") || f.endsWith(".safetensors.index.json")).toList());
            default -> files.addAll(topLevel(available).stream()
                    .filter(f -> f.startsWith("pytorch_model") && (f.endsWith(".bin") || f.endsWith(".bin.index.json")))
                    .toList());
        }
        if (files.isEmpty()) {
            throw new ModelException("repository " + source.repository() + " has no " + format + " model file; "
                    + "its files: " + summary(available) + " (set filename, allow_patterns or another format)");
        }
        files.addAll(supportFiles(available));
        return new HubFileSelection(List.copyOf(files), format, main);
    }

    private static String guessFormat(List<String> available) {
        if (available.contains("model.onnx") || available.contains("onnx/model.onnx")
                || !withSuffix(available, ".onnx").isEmpty()) {
            return "onnx";
        }
        if (!withSuffix(available, ".gguf").isEmpty()) {
            return "gguf";
        }
        if (topLevel(available).stream().anyMatch(f -> f.endsWith(".safetensors"))) {
            return "safetensors";
        }
        if (topLevel(available).stream().anyMatch(f -> f.startsWith("pytorch_model") && f.endsWith(".bin"))) {
            return "pytorch";
        }
        return null;
    }

    private static ModelException several(HubModelSource source, String kind, List<String> files) {
        if (files.isEmpty()) {
            return new ModelException("repository " + source.repository() + " has no " + kind + " file");
        }
        return new ModelException("repository " + source.repository() + " has several " + kind + " files ("
                + String.join(", ", files) + "): set filename to the one to use");
    }

    /** Config, tokenizer and vocabulary files at the top of the repository. */
    private static List<String> supportFiles(List<String> available) {
        return topLevel(available).stream().filter(f -> {
            String lower = f.toLowerCase(Locale.ROOT);
            return lower.endsWith(".json") && !lower.endsWith(".index.json") || lower.endsWith(".txt")
                    || lower.endsWith(".model") || lower.endsWith(".jinja") || lower.endsWith(".tiktoken");
        }).toList();
    }

    /** {@code model.onnx_data}, {@code model.onnx.data}, {@code model.onnx_data_1} ... beside an ONNX file. */
    private static List<String> externalData(String model, List<String> available) {
        if (!model.endsWith(".onnx")) {
            return List.of();
        }
        return available.stream().filter(f -> f.startsWith(model + "_data") || f.startsWith(model + ".data"))
                .toList();
    }

    private static List<String> topLevel(List<String> available) {
        return available.stream().filter(f -> !f.contains("/")).toList();
    }

    private static List<String> withSuffix(List<String> available, String suffix) {
        return available.stream().filter(f -> f.toLowerCase(Locale.ROOT).endsWith(suffix)).toList();
    }

    private static String revision(HubModelSource source) {
        return source.revision() == null ? "main" : source.revision();
    }

    private static String summary(List<String> available) {
        if (available.isEmpty()) {
            return "none";
        }
        List<String> shown = new ArrayList<>(available.subList(0, Math.min(20, available.size())));
        if (available.size() > shown.size()) {
            shown.add("... " + (available.size() - shown.size()) + " more");
        }
        return String.join(", ", shown);
    }

    /** A glob as {@code fnmatch} reads it: {@code *} and {@code ?} also match {@code /}; {@code [abc]} classes. */
    static Pattern glob(String glob) {
        if (glob.endsWith("/")) {
            glob = glob + "*";
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                case '[' -> {
                    int end = glob.indexOf(']', i + 1);
                    if (end < 0) {
                        regex.append("\\[");
                    } else {
                        String body = glob.substring(i + 1, end);
                        if (body.startsWith("!")) {
                            body = "^" + body.substring(1);
                        }
                        regex.append('[').append(body.replace("\\", "\\\\")).append(']');
                        i = end;
                    }
                }
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
