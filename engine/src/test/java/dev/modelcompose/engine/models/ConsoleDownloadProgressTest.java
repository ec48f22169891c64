package dev.modelcompose.engine.models;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleDownloadProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong();

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aTerminalGetsOneRedrawnBarWithRateAndEta() {
        ConsoleDownloadProgress progress = new ConsoleDownloadProgress(out, true, clock::get);
        progress.started("org/name", "model.onnx", 0, 10L << 20);
        clock.set(1_000_000_000L);
        progress.advanced("org/name", "model.onnx", 5L << 20);
        String[] frames = text().split("\r");
        assertThat(frames[frames.length - 1]).isEqualTo(
                "org/name  [===========>            ]  50%  5.0 MB / 10.0 MB  5.0 MB/s  ETA 1s  (0/1 files)");
        clock.set(1_050_000_000L);
        progress.advanced("org/name", "model.onnx", 1024);
        assertThat(text().split("\r")).hasSize(frames.length); // redrawn at most every 100 ms
        clock.set(2_000_000_000L);
        progress.advanced("org/name", "model.onnx", (5L << 20) - 1024);
        progress.finished("org/name", "model.onnx");
        assertThat(text()).endsWith("org/name  [========================] 100%  10.0 MB / 10.0 MB  5.0 MB/s  "
                + "(1/1 files)" + System.lineSeparator());
        assertThat(text()).doesNotContain("%" + System.lineSeparator() + "org");
    }

    @Test
    void aPlainStreamGetsALinePerTenPercent() {
        ConsoleDownloadProgress progress = new ConsoleDownloadProgress(out, false, clock::get);
        progress.started("org/name", "a.gguf", 2048, 10_240);
        for (int i = 0; i < 8; i++) {
            progress.advanced("org/name", "a.gguf", 1024);
        }
        progress.finished("org/name", "a.gguf");
        assertThat(text().lines()).containsExactly(
                "org/name: a.gguf resuming at 2.0 KB (10.0 KB)",
                "org/name: a.gguf 30% (3.0 KB of 10.0 KB)",
                "org/name: a.gguf 40% (4.0 KB of 10.0 KB)",
                "org/name: a.gguf 50% (5.0 KB of 10.0 KB)",
                "org/name: a.gguf 60% (6.0 KB of 10.0 KB)",
                "org/name: a.gguf 70% (7.0 KB of 10.0 KB)",
                "org/name: a.gguf 80% (8.0 KB of 10.0 KB)",
                "org/name: a.gguf 90% (9.0 KB of 10.0 KB)",
                "org/name: a.gguf 100% (10.0 KB of 10.0 KB)");
    }

    @Test
    void unknownSizesAndUnits() {
        ConsoleDownloadProgress progress = new ConsoleDownloadProgress(out, false, clock::get);
        progress.started("org/name", "config.json", 0, -1);
        progress.advanced("org/name", "config.json", 700);
        progress.finished("org/name", "config.json");
        assertThat(text().lines()).containsExactly("org/name: config.json", "org/name: config.json 100% (700 B)");
        assertThat(ConsoleDownloadProgress.bytes(3L << 30)).isEqualTo("3.0 GB");
        assertThat(ConsoleDownloadProgress.duration(3725)).isEqualTo("1h02m");
        assertThat(ConsoleDownloadProgress.duration(125)).isEqualTo("2m05s");
    }
}
