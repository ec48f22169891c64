package dev.modelcompose.drivers.onnx;

import java.util.Arrays;

/**
 * Turns generated token ids into text deltas that never split a UTF-8 character or join word pieces wrongly: it
 * decodes a short window of recent ids twice (without and with the new ones) and emits the difference, holding it back
 * while the text ends in U+FFFD (an incomplete byte sequence). The window keeps the cost per token constant.
 */
final class IncrementalDetokenizer {
    /** Decodes ids to text, special tokens skipped. */
    @FunctionalInterface
    interface Decoder {
        String decode(long[] ids);
    }

    private final Decoder decoder;
    private long[] ids = new long[64];
    private int size;
    private int prefixOffset;
    private int readOffset;

    IncrementalDetokenizer(Decoder decoder) {
        this.decoder = decoder;
    }

    /** Adds a token; returns the text it completes (maybe empty). */
    String add(long id) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
        }
        ids[size++] = id;
        return delta(false);
    }

    /** At the end: whatever text is still held back. */
    String flush() {
        return readOffset < size ? delta(true) : "";
    }

    private String delta(boolean force) {
        String prefixText = prefixOffset == readOffset
                ? ""
                : decoder.decode(Arrays.copyOfRange(ids, prefixOffset, readOffset));
        String newText = decoder.decode(Arrays.copyOfRange(ids, prefixOffset, size));
        if (newText.length() > prefixText.length() && (force || !newText.endsWith("\uFFFD"))) {
            int common = newText.startsWith(prefixText) ? prefixText.length() : commonPrefix(prefixText, newText);
            prefixOffset = readOffset;
            readOffset = size;
            return newText.substring(common);
        }
        if (force) {
            readOffset = size;
        }
        return "";
    }

    private static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }
}
