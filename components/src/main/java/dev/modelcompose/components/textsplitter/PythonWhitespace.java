package dev.modelcompose.components.textsplitter;

/** Strips whitespace as Python's {@code str.strip()} does (Unicode spaces such as U+00A0 included). */
final class PythonWhitespace {
    private PythonWhitespace() {
    }

    static String strip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }
}
