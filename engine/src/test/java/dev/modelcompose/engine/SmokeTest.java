package dev.modelcompose.engine;

import dev.modelcompose.engine.value.ChunkStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest {
    @Test
    void fragmentedTextStreamDrainsToOneString() {
        Object drained = ChunkStream.of(true, "a", "b").drain().result();
        assertThat(drained).isEqualTo("ab");
    }
}
