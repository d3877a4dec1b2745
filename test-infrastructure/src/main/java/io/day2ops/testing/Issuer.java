package io.day2ops.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest}'s service at the run's real OIDC issuer ({@link SharedIssuer}): the service verifies
 * tokens against the issuer's keys exactly as in production. Get tokens with {@link Api#asUser(String)}.
 */
public class Issuer implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.oidc.auth-server-url", SharedIssuer.url());
    }

    @Override
    public void stop() {
        // The issuer is shared by every test in this JVM (or the whole run) and stops with it.
    }
}
