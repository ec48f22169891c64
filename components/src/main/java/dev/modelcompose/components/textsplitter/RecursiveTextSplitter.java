package dev.modelcompose.components.textsplitter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/**
 * Recursive splitting as LangChain's {@code RecursiveCharacterTextSplitter} does it: take the first separator that
 * occurs in the text, split there (the separator stays at the start of the next piece), merge neighbouring pieces up
 * to {@code chunkSize} with up to {@code chunkOverlap} carried into the next chunk, and split any piece that is still
 * too long with the remaining separators. Chunks are stripped of surrounding whitespace; empty chunks are dropped.
 */
final class RecursiveTextSplitter {
    private final List<Separator> separators;
    private final int chunkSize;
    private final int chunkOverlap;
    private final TextLength length;

    /**
     * @throws IllegalArgumentException when {@code chunkSize < 1}, {@code chunkOverlap < 0},
     *                                  {@code chunkOverlap > chunkSize} or no separator is given
     */
    RecursiveTextSplitter(List<Separator> separators, int chunkSize, int chunkOverlap, TextLength length) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk_size must be at least 1, got " + chunkSize);
        }
        if (chunkOverlap < 0) {
            throw new IllegalArgumentException("chunk_overlap must be 0 or more, got " + chunkOverlap);
        }
        if (chunkOverlap > chunkSize) {
            throw new IllegalArgumentException("chunk_overlap (" + chunkOverlap + ") is larger than chunk_size ("
                    + chunkSize + "); it must be at most chunk_size");
        }
        if (separators.isEmpty()) {
            throw new IllegalArgumentException("separators must list at least one separator");
        }
        this.separators = List.copyOf(separators);
        this.chunkSize = chunkSize;
        this.chunkOverlap = chunkOverlap;
        this.length = length;
    }

    /** The chunks of {@code text}. */
    List<String> split(String text) {
        List<String> chunks = new ArrayList<>();
        split(text, chunk -> {
            chunks.add(chunk);
            return true;
        });
        return chunks;
    }

    /**
     * Hands each chunk to {@code sink} as soon as it is known; stops early when the sink answers false.
     *
     * @return false when the sink stopped it
     */
    boolean split(String text, Predicate<String> sink) {
        return split(text, separators, chunk -> {
            String stripped = PythonWhitespace.strip(chunk);
            return stripped.isEmpty() || sink.test(stripped);
        });
    }

    private boolean split(String text, List<Separator> candidates, Predicate<String> sink) {
        Separator separator = candidates.get(candidates.size() - 1);
        List<Separator> rest = List.of();
        for (int i = 0; i < candidates.size(); i++) {
            Separator candidate = candidates.get(i);
            if (candidate.isEmpty()) {
                separator = candidate;
                break;
            }
            if (candidate.occursIn(text)) {
                separator = candidate;
                rest = candidates.subList(i + 1, candidates.size());
                break;
            }
        }
        List<String> good = new ArrayList<>();
        for (String piece : separator.split(text)) {
            if (length.of(piece) < chunkSize) {
                good.add(piece);
                continue;
            }
            if (!good.isEmpty()) {
                if (!merge(good, sink)) {
                    return false;
                }
                good = new ArrayList<>();
            }
            if (rest.isEmpty()) {
                if (!sink.test(piece)) {
                    return false;
                }
            } else if (!split(piece, rest, sink)) {
                return false;
            }
        }
        return good.isEmpty() || merge(good, sink);
    }

    /** Joins pieces into chunks of at most {@code chunkSize}, keeping up to {@code chunkOverlap} for the next. */
    private boolean merge(List<String> pieces, Predicate<String> sink) {
        Deque<String> current = new ArrayDeque<>();
        Deque<Integer> lengths = new ArrayDeque<>();
        int total = 0;
        for (String piece : pieces) {
            int pieceLength = length.of(piece);
            if (total + pieceLength > chunkSize && !current.isEmpty()) {
                if (!emit(current, sink)) {
                    return false;
                }
                while (total > chunkOverlap || (total + pieceLength > chunkSize && total > 0)) {
                    current.removeFirst();
                    total -= lengths.removeFirst();
                }
            }
            current.addLast(piece);
            lengths.addLast(pieceLength);
            total += pieceLength;
        }
        return emit(current, sink);
    }

    private static boolean emit(Deque<String> pieces, Predicate<String> sink) {
        return sink.test(String.join("", pieces));
    }
}
