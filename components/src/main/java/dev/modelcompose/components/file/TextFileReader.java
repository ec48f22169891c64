package dev.modelcompose.components.file;

import dev.modelcompose.components.ComponentCallException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a UTF-8 text or Markdown file; a binary file (NUL bytes, invalid UTF-8) is refused by name. */
final class TextFileReader {
    private static final String KINDS = "the file component reads UTF-8 text and Markdown";

    private TextFileReader() {
    }

    static String read(Path file, String shown) {
        if (Files.isDirectory(file)) {
            throw new ComponentCallException(shown + " is a folder (list its files with method: list)");
        }
        if (!Files.exists(file)) {
            throw new ComponentCallException("no such file: " + shown);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ComponentCallException("cannot read " + shown + ": " + e.getMessage());
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new ComponentCallException(shown + " is not a text file: it holds NUL bytes (" + KINDS + ")");
            }
        }
        String text = decode(bytes, shown);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static String decode(byte[] bytes, String shown) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new ComponentCallException(shown + " is not a text file: it is not valid UTF-8 at byte "
                    + in.position() + " (" + KINDS + ")");
        }
        out.flip();
        return out.toString();
    }
}
