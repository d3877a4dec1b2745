package io.day2ops.console.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The console's settings ({@code day2.console.*}; docs/configuration.md). */
@ConfigMapping(prefix = "day2.console")
public interface ConsoleConfig {

    /**
     * The read model's generation: raise it to rebuild (the console empties its database and its consumers, in the
     * group {@code console-g<generation>}, replay every answer topic from its beginning).
     */
    @WithDefault("1")
    int generation();

    /**
     * Whether consumers read their topics from the beginning when the read model starts empty (a new database or
     * generation), whatever their group committed.
     */
    @WithDefault("true")
    boolean replayWhenEmpty();

    /** The RPO objective a cluster's last good backup is held to until the RPO watch names its schedule's own. */
    @WithDefault("24h")
    Duration defaultRpoObjective();

    /** Where the services' HTTP APIs are, for the detail pages and the actions (called with the user's token). */
    Services services();

    /** The four services' base URLs. */
    interface Services {
        @WithDefault("http://localhost:8081")
        String scheduler();

        @WithDefault("http://localhost:8082")
        String backup();

        @WithDefault("http://localhost:8083")
        String upgrade();

        @WithDefault("http://localhost:8084")
        String dr();
    }

    /** How long a call to a service may take. */
    @WithDefault("10s")
    Duration serviceTimeout();

    /** A note shown in the page's header, e.g. the environment's name. */
    Optional<String> banner();
}
