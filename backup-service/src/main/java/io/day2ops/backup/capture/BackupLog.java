package io.day2ops.backup.capture;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The backup's log ({@code backup.log} in storage): what was captured per resource, and every per-item warning and
 * error. Thread-safe; per-item lines beyond {@value #MAX_LINES} are counted but not kept.
 */
public final class BackupLog {

    static final int MAX_LINES = 20_000;

    private final Clock clock;
    private final List<String> lines = new ArrayList<>();
    private int warnings;
    private int errors;
    private int dropped;

    /** Each line as it is logged, for reading the log while the backup runs (a job's {@code JobProgress#log}). */
    private final java.util.function.Consumer<String> live;

    public BackupLog(Clock clock) {
        this(clock, line -> {});
    }

    public BackupLog(Clock clock, java.util.function.Consumer<String> live) {
        this.clock = clock;
        this.live = live;
    }

    public void info(String message) {
        add("info", message);
    }

    public synchronized void warn(String message) {
        warnings++;
        add("warning", message);
    }

    public synchronized void error(String message) {
        errors++;
        add("error", message);
    }

    public synchronized int warnings() {
        return warnings;
    }

    public synchronized int errors() {
        return errors;
    }

    /** The first error, for a one-line reason. */
    public synchronized String firstError() {
        return lines.stream()
                .filter(line -> line.contains(" level=error "))
                .findFirst()
                .map(line -> line.substring(line.indexOf("msg=") + 4))
                .orElse(null);
    }

    /** The first {@code limit} messages of a level ({@code error}, {@code warning}), for events that say why. */
    public synchronized List<String> messages(String level, int limit) {
        return lines.stream()
                .filter(line -> line.contains(" level=" + level + " "))
                .limit(limit)
                .map(line -> line.substring(line.indexOf("msg=") + 4))
                .toList();
    }

    public synchronized byte[] bytes() {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append('\n'));
        if (dropped > 0) {
            text.append("... ").append(dropped).append(" more lines not kept\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private synchronized void add(String level, String message) {
        if (lines.size() >= MAX_LINES) {
            dropped++;
            return;
        }
        String line = "time=" + clock.instant() + " level=" + level + " msg=" + message;
        lines.add(line);
        live.accept(line);
    }
}
