package dev.modelcompose.components.textsplitter;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One separator the splitter tries: a literal text (what a compose file writes under {@code separators}) or, for some
 * {@code language} presets (Markdown headings and rules), a regular expression. The empty separator splits into
 * single characters (Unicode code points).
 */
record Separator(String text, Pattern pattern) {

    static Separator literal(String text) {
        return new Separator(text, text.isEmpty() ? null : Pattern.compile(Pattern.quote(text)));
    }

    static Separator regex(String expression) {
        return new Separator(expression, Pattern.compile(expression));
    }

    boolean isEmpty() {
        return pattern == null;
    }

    boolean occursIn(String text) {
        return pattern != null && pattern.matcher(text).find();
    }

    /**
     * Splits {@code text} keeping each separator at the start of the piece that follows it (LangChain's
     * {@code keep_separator=True}); empty pieces are dropped.
     */
    List<String> split(String text) {
        List<String> pieces = new ArrayList<>();
        if (pattern == null) {
            text.codePoints().forEach(cp -> pieces.add(new String(Character.toChars(cp))));
            return pieces;
        }
        Matcher matcher = pattern.matcher(text);
        int start = 0;
        while (matcher.find()) {
            if (matcher.end() == matcher.start()) {
                continue;
            }
            add(pieces, text.substring(start, matcher.start()));
            start = matcher.start();
        }
        add(pieces, text.substring(start));
        return pieces;
    }

    private static void add(List<String> pieces, String piece) {
        if (!piece.isEmpty()) {
            pieces.add(piece);
        }
    }
}
