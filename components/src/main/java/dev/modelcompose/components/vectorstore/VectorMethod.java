package dev.modelcompose.components.vectorstore;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The {@code method:} of a vector-store action. */
enum VectorMethod {
    INSERT("insert"),
    UPDATE("update"),
    UPSERT("upsert"),
    SEARCH("search"),
    DELETE("delete"),
    GET("get"),
    COUNT("count");

    private final String id;

    VectorMethod(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    static Optional<VectorMethod> of(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }

    static List<String> ids() {
        return Arrays.stream(values()).map(VectorMethod::id).toList();
    }
}
