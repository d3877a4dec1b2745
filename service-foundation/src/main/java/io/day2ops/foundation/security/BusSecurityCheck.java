package io.day2ops.foundation.security;

import io.day2ops.foundation.runtime.FoundationConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start on an unprotected bus connection unless told to: {@code kafka.security.protocol} must be SASL_SSL
 * or SSL, or {@code day2.bus.allow-plaintext=true} (then a warning at every start); a SASL login without a password
 * (DAY2_KAFKA_PASSWORD unset) is named at once instead of failing later as "invalid credentials".
 */
@ApplicationScoped
public class BusSecurityCheck {

    void check(@Observes StartupEvent start, Config config, FoundationConfig foundation) {
        String protocol =
                config.getOptionalValue("kafka.security.protocol", String.class).orElse("PLAINTEXT");
        String problem = problem(
                protocol,
                config.getOptionalValue("kafka.sasl.jaas.config", String.class).orElse(""),
                foundation.bus().allowPlaintext());
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
        if (!protocol.endsWith("SSL")) {
            Log.warnf(
                    "the bus connection is NOT encrypted (kafka.security.protocol=%s), allowed by"
                            + " day2.bus.allow-plaintext=true: for a broker nobody else can reach only",
                    protocol);
        } else {
            Log.infof("bus connection: %s", protocol);
        }
    }

    /** Why the bus connection may not be used as configured, or null. */
    static String problem(String protocol, String jaas, boolean allowPlaintext) {
        if (!protocol.endsWith("SSL") && !allowPlaintext) {
            return "kafka.security.protocol is " + protocol + ": the bus connection would be unencrypted; use SASL_SSL"
                    + " (the default) or SSL, or set day2.bus.allow-plaintext=true for a broker nobody else can reach";
        }
        if (protocol.startsWith("SASL") && jaas.contains("password=\"\"")) {
            return "kafka.sasl.jaas.config has no password: set DAY2_KAFKA_PASSWORD (this service's SCRAM password) or"
                    + " kafka.sasl.jaas.config / KAFKA_SASL_JAAS_CONFIG";
        }
        return null;
    }
}
