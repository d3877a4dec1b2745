package io.day2ops.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * A real OIDC issuer for tests and the local stack: Keycloak's own distribution ({@code keycloak-quarkus-dist}, which
 * the build unpacks under {@code .day2/keycloak/}) run as a process in dev mode with an in-memory database, importing
 * the {@code day2ops} realm from {@code keycloak/day2ops-realm.json} (roles viewer/operator/admin, users of the same
 * names, the {@code day2ops-cli} and {@code day2ops-ci} clients). Every start imports the realm afresh.
 */
public final class LocalKeycloak implements AutoCloseable {

    /** The realm every day2ops service trusts. */
    public static final String REALM = "day2ops";

    private final LocalProcess process;
    private final int port;

    private LocalKeycloak(LocalProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts Keycloak from {@code home} (an unpacked distribution) on {@code port} (0: a free one) and waits until the
     * realm's discovery document answers, at most {@code timeout}.
     */
    public static LocalKeycloak start(Path home, int port, Duration timeout) {
        Path launcher = home.resolve("bin/kc.sh");
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException("no Keycloak distribution at " + home + " (" + launcher + " missing):"
                    + " build once with ./mvnw install -DskipTests, which unpacks it under .day2/keycloak,"
                    + " or set DAY2_OIDC_URL to a running issuer");
        }
        int httpPort = port == 0 ? LocalEtcd.freePort() : port;
        try {
            Path imports = Files.createDirectories(home.resolve("data/import"));
            try (InputStream realm = LocalKeycloak.class.getResourceAsStream("/keycloak/day2ops-realm.json")) {
                Files.copy(realm, imports.resolve("day2ops-realm.json"), StandardCopyOption.REPLACE_EXISTING);
            }
            Path dir = Files.createTempDirectory("day2-keycloak");
            LocalProcess process = LocalProcess.start(
                    "keycloak",
                    List.of(
                            launcher.toString(),
                            "start-dev",
                            "--db=dev-mem",
                            "--http-host=127.0.0.1",
                            "--http-port=" + httpPort,
                            "--import-realm",
                            "--log-level=warn"),
                    dir,
                    "cannot run " + launcher);
            Runtime.getRuntime().addShutdownHook(new Thread(process::close, "keycloak-stop"));
            LocalKeycloak keycloak = new LocalKeycloak(process, httpPort);
            process.awaitHttp(
                    keycloak.issuer() + "/.well-known/openid-configuration", status -> status == 200, timeout);
            return keycloak;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The issuer URL, e.g. {@code http://127.0.0.1:18080/realms/day2ops}. */
    public String issuer() {
        return "http://127.0.0.1:" + port + "/realms/" + REALM;
    }

    @Override
    public void close() {
        process.close();
    }
}
