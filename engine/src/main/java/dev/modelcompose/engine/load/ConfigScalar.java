package dev.modelcompose.engine.load;

/** A scalar: a String, an Integer/Long/BigInteger, a Double, a Boolean, or null. */
public final class ConfigScalar extends ConfigNode {
    private final Object value;
    private final SourceMark contentMark;

    /** A scalar whose characters were written from {@code mark} on (a plain scalar, or one not from a file). */
    public ConfigScalar(Object value, SourceMark mark, String path) {
        this(value, mark, path, mark);
    }

    /**
     * @param contentMark where the value's first character was written (after an opening quote), when each character
     *                    of the value was written in its own column of one line from there; null when offsets inside
     *                    the value do not map onto columns (escapes, line breaks, interpolated variables)
     */
    public ConfigScalar(Object value, SourceMark mark, String path, SourceMark contentMark) {
        super(mark, path);
        this.value = value;
        this.contentMark = contentMark;
    }

    public Object value() {
        return value;
    }

    /**
     * Where the value's first character was written: the mark for plain scalars, one column further for quoted
     * ones; null when a character's offset in the value does not give its column (see the constructor).
     */
    public SourceMark contentMark() {
        return contentMark;
    }

    public boolean isNull() {
        return value == null;
    }

    public boolean isString() {
        return value instanceof String;
    }

    @Override
    public Object toPlain() {
        return value;
    }

    @Override
    public String describe() {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof Double || value instanceof Float) {
            return "a number";
        }
        return "an integer";
    }

    @Override
    public String toString() {
        return String.valueOf(value);
    }
}
