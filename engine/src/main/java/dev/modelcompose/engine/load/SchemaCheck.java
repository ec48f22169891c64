package dev.modelcompose.engine.load;

/** Stub: validates a document against schemas/compose.schema.json and translates errors into Problems. */
public final class SchemaCheck {
    private SchemaCheck() {
    }

    public static void validate(ReadDocument document) {
        throw new UnsupportedOperationException("schema check not implemented yet");
    }
}
