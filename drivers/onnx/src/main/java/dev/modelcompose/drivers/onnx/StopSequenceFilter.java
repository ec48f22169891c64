package dev.modelcompose.drivers.onnx;

import java.util.List;

/**
 * Cuts generated text at the first stop sequence (the sequence itself is not part of the output) and, while text
 * streams, holds back a tail that may be the start of a stop sequence until it is clear either way.
 */
final class StopSequenceFilter {
    private final List<String> stops;
    private final int longest;
    private final StringBuilder text = new StringBuilder();
    private int emitted;
    private boolean stopped;

    StopSequenceFilter(List<String> stopSequences) {
        this.stops = stopSequences.stream().filter(s -> s != null && !s.isEmpty()).toList();
        this.longest = stops.stream().mapToInt(String::length).max().orElse(0);
    }

    /** Adds generated text; returns the part that is now safe to emit (maybe empty). */
    String offer(String delta) {
        if (stopped || delta.isEmpty()) {
            return "";
        }
        if (stops.isEmpty()) {
            text.append(delta);
            emitted = text.length();
            return delta;
        }
        int searchFrom = Math.max(0, text.length() - longest + 1);
        text.append(delta);
        int cut = -1;
        for (String stop : stops) {
            int at = text.indexOf(stop, searchFrom);
            if (at >= 0 && (cut < 0 || at < cut)) {
                cut = at;
            }
        }
        if (cut >= 0) {
            stopped = true;
            text.setLength(Math.max(cut, emitted));
            return take(text.length());
        }
        return take(Math.max(emitted, text.length() - heldBack()));
    }

    /** True once a stop sequence was seen; generation should end. */
    boolean stopped() {
        return stopped;
    }

    /** At the end of generation: the text still held back (no stop sequence completed). */
    String flush() {
        return take(text.length());
    }

    /** The text emitted so far. */
    String emittedText() {
        return text.substring(0, emitted);
    }

    private String take(int end) {
        String out = text.substring(emitted, end);
        emitted = end;
        return out;
    }

    private boolean endsWith(String stop, int k) {
        int from = text.length() - k;
        for (int i = 0; i < k; i++) {
            if (text.charAt(from + i) != stop.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The length of the longest tail of the text that is a proper prefix of a stop sequence. */
    private int heldBack() {
        int best = 0;
        for (String stop : stops) {
            for (int k = Math.min(stop.length() - 1, text.length()); k > best; k--) {
                if (endsWith(stop, k)) {
                    best = k;
                    break;
                }
            }
        }
        return best;
    }
}
