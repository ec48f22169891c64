package dev.modelcompose.components.vectorstore;

import dev.modelcompose.components.ActionOutput;
import dev.modelcompose.engine.binding.Template;

/**
 * A compiled vector-store action: its method and its request fields as templates (null when absent).
 */
record VectorStoreAction(VectorMethod method, Template collection, Template vector, Template vectorId,
                         Template metadata, Template document, Template query, Template topK,
                         Template scoreThreshold, Template filter, Template insertIfNotExist, Template outputFields,
                         ActionOutput output) {
}
