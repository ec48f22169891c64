package dev.modelcompose.engine.runtime;

import dev.modelcompose.engine.value.ChunkStream;
import dev.modelcompose.engine.value.ChunkSubscriber;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Settling a workflow output: nested streams are drained. */
class WorkflowResultTest {

    @Test
    void aNestedStreamThatRefusesItsReaderFailsTheSettlingInsteadOfThrowing() {
        ChunkStream readAlready = new ChunkStream() {
            @Override
            public void subscribe(ChunkSubscriber subscriber) {
                throw new IllegalStateException("this stream already has a consumer");
            }

            @Override
            public void cancel() {
            }

            @Override
            public boolean fragmented() {
                return true;
            }
        };
        Future<Object> settled = WorkflowResult.settle(Map.of("text", readAlready));
        assertThat(settled.failed()).isTrue();
        assertThat(settled.cause()).hasMessage("this stream already has a consumer");
    }

    @Test
    void nestedStreamsAreDrained() {
        Future<Object> settled = WorkflowResult.settle(Map.of("text", ChunkStream.of(true, "a", "b")));
        assertThat(settled.result()).isEqualTo(Map.of("text", "ab"));
    }
}
