package io.day2ops.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --wait} and {@code --timeout}, shared by the commands that start something long. */
public class Waiting {

    @Option(names = "--wait", description = "Wait until it ends; exit 1 if it did not succeed")
    boolean wait;

    @Option(names = "--timeout", defaultValue = "1h", description = "How long --wait waits (e.g. 30m)")
    String timeout;

    Duration timeout() {
        return Durations.parse(timeout, "--timeout");
    }
}
