package dev.modelcompose.components.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits a body arriving in byte pieces into lines (without their {@code \n}, {@code \r\n} or {@code \r}), decoding
 * UTF-8 across piece boundaries. Not thread-safe: feed it from one thread (the event loop).
 */
final class LineSplitter {
    private final Consumer<String> lines;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final StringBuilder line = new StringBuilder();
    private ByteBuffer leftover = ByteBuffer.allocate(0);
    private boolean afterCarriageReturn;

    LineSplitter(Consumer<String> lines) {
        this.lines = lines;
    }

    void feed(byte[] bytes) {
        ByteBuffer input = ByteBuffer.allocate(leftover.remaining() + bytes.length);
        input.put(leftover).put(bytes).flip();
        CharBuffer chars = CharBuffer.allocate(input.remaining() + 1);
        decoder.decode(input, chars, false);
        leftover = input.slice();
        chars.flip();
        while (chars.hasRemaining()) {
            accept(chars.get());
        }
    }

    /** The end of the body: a last line without a line break is delivered too. */
    void finish() {
        CharBuffer chars = CharBuffer.allocate(leftover.remaining() + 2);
        decoder.decode(leftover, chars, true);
        decoder.flush(chars);
        chars.flip();
        while (chars.hasRemaining()) {
            accept(chars.get());
        }
        if (line.length() > 0) {
            lines.accept(line.toString());
            line.setLength(0);
        }
    }

    private void accept(char c) {
        if (c == '\n' && afterCarriageReturn) {
            afterCarriageReturn = false;
            return;
        }
        afterCarriageReturn = c == '\r';
        if (c == '\n' || c == '\r') {
            lines.accept(line.toString());
            line.setLength(0);
        } else {
            line.append(c);
        }
    }
}
