package dev.modelcompose.drivers.llamacpp;

import dev.modelcompose.engine.spi.model.ModelException;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The header of a GGUF file, read and checked in Java before llama.cpp sees the file: llama.cpp handles some broken
 * files badly, so a file that is not GGUF, has a corrupt header, or is shorter than its tensors need is refused here
 * with a clear message. Keeps the scalar and string metadata (arrays are skipped).
 */
final class GgufHeader {
    private static final long MAX_STRING = 64L << 20;
    private static final long MAX_COUNT = 1L << 24;

    private final Map<String, Object> metadata;

    private GgufHeader(Map<String, Object> metadata) {
        this.metadata = metadata;
    }

    /** A metadata value: a String, Long, Double or Boolean; null when absent or an array. */
    Object get(String key) {
        return metadata.get(key);
    }

    String string(String key) {
        Object v = metadata.get(key);
        return v instanceof String s ? s : null;
    }

    /** Reads and checks {@code file}; {@code name} is how messages name it. */
    static GgufHeader read(Path file, String name) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new ModelException("cannot read model file " + name + ": " + e.getMessage());
        }
        try (InputStream raw = Files.newInputStream(file);
             Reader in = new Reader(new BufferedInputStream(raw, 1 << 16))) {
            return in.header(size, name);
        } catch (EOFException e) {
            throw new ModelException("model file " + name + " is truncated: it ends inside its GGUF header ("
                    + size + " bytes); download it again");
        } catch (IOException e) {
            throw new ModelException("cannot read model file " + name + ": " + e.getMessage());
        }
    }

    /** Bytes per block and elements per block of each ggml tensor type (ggml.c, b4916). */
    private static long[] typeLayout(long type) {
        return switch ((int) type) {
            case 0 -> new long[] {4, 1};          // F32
            case 1, 30 -> new long[] {2, 1};      // F16, BF16
            case 2 -> new long[] {18, 32};        // Q4_0
            case 3 -> new long[] {20, 32};        // Q4_1
            case 6 -> new long[] {22, 32};        // Q5_0
            case 7 -> new long[] {24, 32};        // Q5_1
            case 8 -> new long[] {34, 32};        // Q8_0
            case 9 -> new long[] {36, 32};        // Q8_1
            case 10 -> new long[] {84, 256};      // Q2_K
            case 11 -> new long[] {110, 256};     // Q3_K
            case 12 -> new long[] {144, 256};     // Q4_K
            case 13 -> new long[] {176, 256};     // Q5_K
            case 14 -> new long[] {210, 256};     // Q6_K
            case 15 -> new long[] {292, 256};     // Q8_K
            case 16 -> new long[] {66, 256};      // IQ2_XXS
            case 17 -> new long[] {74, 256};      // IQ2_XS
            case 18 -> new long[] {98, 256};      // IQ3_XXS
            case 19 -> new long[] {50, 256};      // IQ1_S
            case 20 -> new long[] {18, 32};       // IQ4_NL
            case 21 -> new long[] {110, 256};     // IQ3_S
            case 22 -> new long[] {82, 256};      // IQ2_S
            case 23 -> new long[] {136, 256};     // IQ4_XS
            case 24 -> new long[] {1, 1};         // I8
            case 25 -> new long[] {2, 1};         // I16
            case 26 -> new long[] {4, 1};         // I32
            case 27, 28 -> new long[] {8, 1};     // I64, F64
            case 29 -> new long[] {56, 256};      // IQ1_M
            case 34 -> new long[] {54, 256};      // TQ1_0
            case 35 -> new long[] {66, 256};      // TQ2_0
            default -> null;
        };
    }

    private static final class Reader extends DataInputStream {
        private long position;

        Reader(InputStream in) {
            super(in);
        }

        GgufHeader header(long size, String name) throws IOException {
            byte[] magic = new byte[4];
            readFully(magic);
            position += 4;
            if (!"GGUF".equals(new String(magic, StandardCharsets.ISO_8859_1))) {
                throw new ModelException("model file " + name
                        + " is not a GGUF file (it does not start with the bytes GGUF)");
            }
            long version = u32();
            if (version != 2 && version != 3) {
                throw corrupt(name, "unsupported GGUF version " + version + " (llama.cpp reads versions 2 and 3)");
            }
            long tensors = u64();
            long kvs = u64();
            if (tensors < 0 || tensors > MAX_COUNT || kvs < 0 || kvs > MAX_COUNT) {
                throw corrupt(name, "implausible counts (" + tensors + " tensors, " + kvs + " metadata entries)");
            }
            Map<String, Object> metadata = new HashMap<>();
            for (long i = 0; i < kvs; i++) {
                String key = string(name);
                long type = u32();
                metadata.put(key, value(type, name, key));
            }
            long alignment = metadata.get("general.alignment") instanceof Long a && a > 0 ? a : 32;
            long dataEnd = 0;
            for (long i = 0; i < tensors; i++) {
                String tensor = string(name);
                long dims = u32();
                if (dims < 1 || dims > 4) {
                    throw corrupt(name, "tensor '" + tensor + "' has " + dims + " dimensions");
                }
                long elements = 1;
                for (int d = 0; d < dims; d++) {
                    long ne = u64();
                    if (ne < 0 || (ne > 0 && elements > Long.MAX_VALUE / ne)) {
                        throw corrupt(name, "tensor '" + tensor + "' has an impossible shape");
                    }
                    elements *= ne;
                }
                long type = u32();
                long offset = u64();
                if (offset < 0) {
                    throw corrupt(name, "tensor '" + tensor + "' has a negative offset");
                }
                long[] layout = typeLayout(type);
                if (layout != null) {
                    dataEnd = Math.max(dataEnd, offset + elements / layout[1] * layout[0]);
                }
            }
            long dataStart = (position + alignment - 1) / alignment * alignment;
            if (dataStart + dataEnd > size) {
                throw new ModelException("model file " + name + " is truncated: its tensors need "
                        + (dataStart + dataEnd) + " bytes but the file has " + size + "; download it again");
            }
            return new GgufHeader(metadata);
        }

        private Object value(long type, String name, String key) throws IOException {
            return switch ((int) type) {
                case 0 -> { position++; yield (long) readUnsignedByte(); }
                case 1 -> { position++; yield (long) readByte(); }
                case 2, 3 -> { position += 2; yield (long) Short.reverseBytes(readShort()); }
                case 4 -> u32();
                case 5 -> (long) i32();
                case 6 -> (double) Float.intBitsToFloat(i32());
                case 7 -> { position++; yield readByte() != 0; }
                case 8 -> string(name);
                case 9 -> {
                    long elementType = u32();
                    long count = u64();
                    if (count < 0 || count > MAX_COUNT * 4) {
                        throw corrupt(name, "metadata '" + key + "' has an implausible length " + count);
                    }
                    for (long i = 0; i < count; i++) {
                        if (elementType == 9) {
                            throw corrupt(name, "metadata '" + key + "' nests arrays");
                        }
                        value(elementType, name, key);
                    }
                    yield null;
                }
                case 10, 11 -> u64();
                case 12 -> Double.longBitsToDouble(u64());
                default -> throw corrupt(name, "metadata '" + key + "' has unknown type " + type);
            };
        }

        private String string(String name) throws IOException {
            long length = u64();
            if (length < 0 || length > MAX_STRING) {
                throw corrupt(name, "a string of implausible length " + length);
            }
            byte[] bytes = new byte[(int) length];
            readFully(bytes);
            position += length;
            return new String(bytes, StandardCharsets.UTF_8);
        }

        private int i32() throws IOException {
            position += 4;
            return Integer.reverseBytes(readInt());
        }

        private long u32() throws IOException {
            return i32() & 0xFFFFFFFFL;
        }

        private long u64() throws IOException {
            position += 8;
            return Long.reverseBytes(readLong());
        }

        private static ModelException corrupt(String name, String detail) {
            return new ModelException("model file " + name + " has a corrupt GGUF header: " + detail);
        }
    }
}
