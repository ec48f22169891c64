package dev.modelcompose.engine.load;

/** A scalar: a String, an Integer/Long/BigInteger, a Double, a Boolean, or null. */
public final class ConfigScalar extends ConfigNode {
    private final Object value;

    public ConfigScalar(Object value, SourceMark mark, String path) {
        super(mark, path);
        this.value = value;
    }

    public Object value() {
        return value;
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
