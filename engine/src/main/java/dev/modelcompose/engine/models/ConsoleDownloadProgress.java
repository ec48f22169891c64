package dev.modelcompose.engine.models;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Shows downloads on a stream. On a terminal: one line redrawn with {@code \r}, for all files of a repository
 * together: {@code org/name  [=====>      ]  45%  10.2 MB / 23.0 MB  5.1 MB/s  ETA 3s  (2/5 files)}. Otherwise
 * (a log, a pipe): a line per file at each 10 % reached, such as {@code org/name: model.onnx 30% (7.0 MB of 23.0 MB)}.
 * Thread-safe: files download in parallel.
 */
public final class ConsoleDownloadProgress implements DownloadProgress {
    private static final int BAR_WIDTH = 24;
    private static final long REDRAW_NANOS = 100_000_000L;

    private static final class FileState {
        long total;
        long have;
        int decade;
        boolean done;
    }

    private final PrintWriter out;
    private final boolean terminal;
    private final LongSupplier nanoClock;
    private final Map<String, FileState> files = new LinkedHashMap<>();
    private long startedAt = -1;
    private long bytesThisRun;
    private long lastDraw;
    private int lastWidth;
    private String repository = "";

    public ConsoleDownloadProgress(PrintStream out, boolean terminal) {
        this(new PrintWriter(out, false), terminal, System::nanoTime);
    }

    /** Progress on {@code out}; {@code terminal} chooses the redrawn bar over plain lines. */
    public ConsoleDownloadProgress(PrintWriter out, boolean terminal) {
        this(out, terminal, System::nanoTime);
    }

    ConsoleDownloadProgress(PrintStream out, boolean terminal, LongSupplier nanoClock) {
        this(new PrintWriter(out, false), terminal, nanoClock);
    }

    ConsoleDownloadProgress(PrintWriter out, boolean terminal, LongSupplier nanoClock) {
        this.out = out;
        this.terminal = terminal;
        this.nanoClock = nanoClock;
    }

    @Override
    public synchronized void started(String repository, String file, long alreadyHave, long totalBytes) {
        this.repository = repository;
        if (startedAt < 0) {
            startedAt = nanoClock.getAsLong();
        }
        FileState state = files.computeIfAbsent(repository + "/" + file, k -> new FileState());
        state.total = totalBytes;
        state.have = Math.max(0, alreadyHave);
        state.done = false;
        state.decade = totalBytes > 0 ? (int) (state.have * 10 / totalBytes) : 0;
        if (!terminal) {
            out.println(repository + ": " + file + (alreadyHave > 0 ? " resuming at " + bytes(alreadyHave) : "")
                    + (totalBytes >= 0 ? " (" + bytes(totalBytes) + ")" : ""));
            out.flush();
        } else {
            draw(true);
        }
    }

    @Override
    public synchronized void advanced(String repository, String file, long bytes) {
        FileState state = files.get(repository + "/" + file);
        if (state == null) {
            return;
        }
        state.have += bytes;
        bytesThisRun += bytes;
        if (terminal) {
            draw(false);
            return;
        }
        if (state.total > 0) {
            int decade = (int) Math.min(10, state.have * 10 / state.total);
            if (decade > state.decade) {
                state.decade = decade;
                out.println(repository + ": " + file + " " + decade * 10 + "% (" + bytes(state.have) + " of "
                        + bytes(state.total) + ")");
                out.flush();
            }
        }
    }

    @Override
    public synchronized void finished(String repository, String file) {
        FileState state = files.get(repository + "/" + file);
        if (state == null || state.done) {
            return;
        }
        state.done = true;
        if (!terminal) {
            if (state.total <= 0 || state.decade < 10) {
                out.println(repository + ": " + file + " 100% (" + bytes(state.have) + ")");
                out.flush();
            }
            return;
        }
        boolean all = files.values().stream().allMatch(f -> f.done);
        draw(true);
        if (all) {
            out.println();
            out.flush();
            files.clear();
            startedAt = -1;
            bytesThisRun = 0;
            lastWidth = 0;
        }
    }

    private void draw(boolean force) {
        long now = nanoClock.getAsLong();
        if (!force && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        long total = 0;
        long have = 0;
        boolean known = true;
        int done = 0;
        for (FileState state : files.values()) {
            if (state.total < 0) {
                known = false;
            } else {
                total += state.total;
            }
            have += state.have;
            done += state.done ? 1 : 0;
        }
        double seconds = Math.max(1e-3, (now - startedAt) / 1e9);
        double rate = bytesThisRun / seconds;
        StringBuilder line = new StringBuilder(repository).append("  ");
        if (known && total > 0) {
            double fraction = Math.min(1.0, (double) have / total);
            int filled = (int) Math.round(fraction * BAR_WIDTH);
            line.append('[').append("=".repeat(Math.max(0, filled - 1))).append(filled > 0 ? (filled == BAR_WIDTH
                    ? "=" : ">") : "").append(" ".repeat(BAR_WIDTH - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%3d%%", (int) (fraction * 100))).append("  ")
                    .append(bytes(have)).append(" / ").append(bytes(total));
        } else {
            line.append(bytes(have));
        }
        line.append("  ").append(bytes((long) rate)).append("/s");
        if (known && total > have && rate > 0) {
            line.append("  ETA ").append(duration((long) ((total - have) / rate)));
        }
        line.append("  (").append(done).append('/').append(files.size()).append(" files)");
        int width = line.length();
        if (width < lastWidth) {
            line.append(" ".repeat(lastWidth - width));
        }
        lastWidth = width;
        out.print("\r" + line);
        out.flush();
    }

    /** {@code 512 B}, {@code 2.0 KB}, {@code 22.9 MB}, {@code 4.1 GB} (powers of 1024, as disk tools show). */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m" + String.format(Locale.ROOT, "%02d", seconds % 60) + "s";
        }
        return seconds / 3600 + "h" + String.format(Locale.ROOT, "%02d", seconds % 3600 / 60) + "m";
    }
}
