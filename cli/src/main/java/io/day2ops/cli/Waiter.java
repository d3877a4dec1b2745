package io.day2ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@code --wait}: follows a request until it ends. On a terminal one line is redrawn in place (phase, elapsed, and
 * items done/total with rate and ETA once the service reports them); otherwise a line is printed per change, so a CI
 * log stays readable.
 */
public final class Waiter {

    private final Api api;
    private final PrintWriter out;
    private final boolean terminal;
    private final Duration poll;
    private final Duration timeout;

    public Waiter(Api api, PrintWriter out, Duration timeout) {
        this.api = api;
        this.out = out;
        this.terminal = System.console() != null && System.getenv("DAY2_PLAIN") == null;
        this.poll = Duration.ofMillis(500);
        this.timeout = timeout;
    }

    /** The terminal's width: {@code COLUMNS} when the shell exports it, else 120. */
    private static final int COLUMNS = columns();

    private static int columns() {
        try {
            return Math.max(
                    40,
                    Integer.parseInt(
                            System.getenv().getOrDefault("COLUMNS", "120").trim()));
        } catch (NumberFormatException e) {
            return 120;
        }
    }

    private static String fit(String line) {
        return line.length() < COLUMNS ? line : line.substring(0, COLUMNS - 4) + "...";
    }

    /**
     * Polls {@code path} on {@code service} until {@code done} holds; a 404 meanwhile is the request not yet taken in
     * by its consumer. Returns the last answer.
     *
     * @param what e.g. "backup nightly-1", for the lines printed
     * @param state the words to show for an answer (its phase or verdict)
     */
    public JsonNode until(
            String service, String path, String what, Predicate<JsonNode> done, Function<JsonNode, String> state) {
        return until(service, path, what, done, state, answer -> answer.path("progress"));
    }

    /**
     * {@link #until(String, String, String, Predicate, Function)}, with the progress to show read by {@code
     * progressOf} (a drill shows its restore's).
     */
    public JsonNode until(
            String service,
            String path,
            String what,
            Predicate<JsonNode> done,
            Function<JsonNode, String> state,
            Function<JsonNode, JsonNode> progressOf) {
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        String last = null;
        while (true) {
            JsonNode answer = null;
            try {
                answer = api.get(service, path);
            } catch (CliError e) {
                if (e.httpStatus() != 404) {
                    throw e;
                }
            }
            String now = answer == null ? "Accepted (waiting to be taken in)" : state.apply(answer);
            JsonNode progress = answer == null || done.test(answer) ? null : progressOf.apply(answer);
            String line = what + ": " + now;
            String elapsed = Output.human(Duration.between(start, Instant.now()));
            if (terminal) {
                // one row, never wrapped: a wrapped line would not be redrawn in place
                out.print("\r\033[2K" + fit(line + "  " + elapsed + Progress.bar(progress)));
                out.flush();
            } else {
                // a line per change of phase, and per tenth of the work done, so a CI log stays short
                String plain = line + Progress.tenth(progress);
                if (!plain.equals(last)) {
                    out.println(line + "  (" + elapsed + ")" + Progress.words(progress));
                    out.flush();
                }
                line = plain;
            }
            last = line;
            if (answer != null && done.test(answer)) {
                if (terminal) {
                    out.println();
                }
                return answer;
            }
            if (Instant.now().isAfter(deadline)) {
                if (terminal) {
                    out.println();
                }
                throw new CliError(
                        CliError.USAGE_OR_SERVER,
                        what + " has not ended after " + Output.human(timeout) + " (--timeout); still " + now);
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliError(CliError.USAGE_OR_SERVER, "interrupted");
            }
        }
    }
}
