package dev.modelcompose.engine.spi.model;

import dev.modelcompose.engine.spi.Cancellation;

import java.util.List;

/**
 * A model loaded by a {@link ModelDriver}, shared by every run of its component. Every method is blocking and is
 * called on the component's worker pool; the component bounds how many calls run at once, so a driver only has to be
 * safe for that many concurrent callers (ONNX Runtime sessions and llama.cpp slots are). The operations a task does
 * not use throw {@link ModelException#unsupported}.
 */
public interface LoadedModel extends AutoCloseable {

    /** One vector per text, in order. {@code texts} is never empty; each text may be empty. */
    default List<float[]> embed(EmbeddingRequest request) {
        throw ModelException.unsupported("text-embedding");
    }

    /** One classification per text, in order. */
    default List<Classification> classify(ClassificationRequest request) {
        throw ModelException.unsupported("text-classification");
    }

    /**
     * One relevance score per document, in the documents' order (the component sorts, applies {@code top_k} and
     * {@code score_threshold}). Cross-encoders give their logit (or its sigmoid when {@code normalize}); embedding
     * models give the cosine of query and document.
     */
    default List<Double> rerank(RerankRequest request) {
        throw ModelException.unsupported("text-reranking");
    }

    /**
     * Generates text for a prompt or a chat, calling {@code sink} with each text delta as it is produced, and returns
     * the whole text. Stops at {@code max_output_length}, a stop sequence, the end-of-sequence token, when {@code sink}
     * returns false, or when {@code cancellation} fires (checked at least once per token).
     */
    default GenerationResult generate(GenerationRequest request, TokenSink sink, Cancellation cancellation) {
        throw ModelException.unsupported(request.messages() == null ? "text-generation" : "chat-completion");
    }

    /** The largest number of inputs one call should carry (dynamic batching never exceeds it); 0 means no limit. */
    default int maxBatchSize() {
        return 0;
    }

    /** Frees native memory. Called once, when the component stops or unloads an idle model. */
    @Override
    void close();
}
