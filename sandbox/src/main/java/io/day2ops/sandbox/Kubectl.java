package io.day2ops.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real kubectl on the PATH (the CI machine has 1.32), run by tests; a non-zero exit fails with its output. */
public final class Kubectl {

    private final Path kubeconfig;

    /** kubectl against the clusters of {@code kubeconfig}; {@code null} for commands that need no cluster. */
    public Kubectl(Path kubeconfig) {
        this.kubeconfig = kubeconfig;
    }

    public String run(String... args) {
        return runWithInput(null, args);
    }

    /** Runs kubectl with {@code stdin} (may be null) as its standard input; returns stdout and stderr, trimmed. */
    public String runWithInput(String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of("kubectl"));
        if (kubeconfig != null) {
            command.addAll(List.of("--kubeconfig", kubeconfig.toString()));
        }
        command.addAll(List.of(args));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
            }
            return out.trim();
        } catch (IOException e) {
            throw new AssertionError("kubectl is needed on the PATH for this test (the CI machine has 1.32)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
