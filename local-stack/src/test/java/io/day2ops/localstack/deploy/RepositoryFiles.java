package io.day2ops.localstack.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/** The repository's own files, read from a test in any module's folder. */
final class RepositoryFiles {

    /** The four services, by module name. */
    static final List<String> SERVICES =
            List.of("scheduler-service", "backup-service", "upgrade-service", "dr-service");

    /** What is deployed: the four services and the console. */
    static final List<String> DEPLOYABLES =
            List.of("scheduler-service", "backup-service", "upgrade-service", "dr-service", "console");

    private RepositoryFiles() {}

    /** The repository root: the nearest folder up from the working directory that holds the {@code day2} script. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("day2"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "no day2 script above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** A service's {@code application.properties}. */
    static Properties serviceConfig(String service) {
        Properties properties = new Properties();
        try (InputStream in =
                Files.newInputStream(root().resolve(service).resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
