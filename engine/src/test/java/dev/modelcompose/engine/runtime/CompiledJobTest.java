package dev.modelcompose.engine.runtime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a user reads when a job fails: the cause's message, never a Java class name. */
class CompiledJobTest {
    @Test
    void aFailureIsDescribedByItsMessage() {
        assertThat(CompiledJob.messageOf(new IllegalArgumentException("port 99999 is out of range")))
                .isEqualTo("port 99999 is out of range");
    }

    @Test
    void anInternalErrorNamesNoJavaClass() {
        assertThat(CompiledJob.messageOf(new NullPointerException(
                "Cannot invoke \"java.util.Map.get(Object)\" because \"values\" is null")))
                .isEqualTo("an unexpected internal error");
        assertThat(CompiledJob.messageOf(new ClassCastException(
                "class java.lang.String cannot be cast to class java.util.Map")))
                .isEqualTo("an unexpected internal error");
        assertThat(CompiledJob.messageOf(new IllegalStateException())).isEqualTo("an unexpected internal error");
    }
}
