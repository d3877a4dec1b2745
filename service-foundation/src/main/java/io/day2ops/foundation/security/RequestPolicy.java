package io.day2ops.foundation.security;

import io.day2ops.foundation.runtime.FoundationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * What a request may do, whoever sent it ({@link FoundationConfig.Policy}). Services ask it before the first change a
 * request would make, from what they stored when it arrived (its {@code ce_type}, {@code ce_source}, {@code ce_time}
 * and arrival time), and answer a refusal on their normal answer topic, with the reason, as a failed outcome whose
 * reason starts with {@code Rejected:}.
 */
@ApplicationScoped
public class RequestPolicy {

    /**
     * The label and annotation a drill's or failover's restore puts on every namespace it creates (annotation value:
     * the drill's name); a drill only restores into, and cleans up, namespaces that carry its own.
     */
    public static final String DRILL_MARK = "day2ops.io/drill";

    private static final Logger AUDIT = Logger.getLogger("day2ops.audit");

    /** The dangerous things a protected cluster refuses unless the request's source is allowed. */
    public enum Action {
        RESTORE_UPDATE("restore-update"),
        DRILL("drill"),
        FAILOVER("failover"),
        DRAIN("drain"),
        ROLLOUT("rollout");

        private final String key;

        Action(String key) {
            this.key = key;
        }

        /** Its name in {@code day2.policy.clusters.<name>.allow.<key>}. */
        public String key() {
            return key;
        }
    }

    /**
     * A request as a service stored it when it arrived.
     *
     * @param type its CloudEvents type
     * @param source its {@code ce_source}: who sent it
     * @param sentAt its {@code ce_time}; null when the producer set none (then it cannot be judged stale)
     * @param receivedAt when this service received it
     */
    public record Request(String type, String source, Instant sentAt, Instant receivedAt) {}

    private final FoundationConfig.Policy policy;

    @Inject
    public RequestPolicy(FoundationConfig config) {
        this(config.policy());
    }

    RequestPolicy(FoundationConfig.Policy policy) {
        this.policy = policy;
    }

    /**
     * Why {@code request} may not do {@code action} (null: only the freshness bound applies) to {@code cluster}, or
     * null when it may. The reason starts with {@code Rejected:} and names the setting that decides it.
     */
    public String refusal(Request request, Action action, String cluster) {
        String refusal = expired(request);
        if (refusal == null && action != null) {
            refusal = protectedCluster(request, action, cluster);
        }
        if (refusal != null) {
            AUDIT.infof(
                    "subject=%s action=%s object=cluster/%s outcome=refused reason=%s",
                    request.source(), action == null ? request.type() : action.key(), cluster, refusal);
        }
        return refusal;
    }

    private String expired(Request request) {
        if (request.sentAt() == null || request.receivedAt() == null) {
            return null;
        }
        Duration maxAge = policy.commandMaxAges().getOrDefault(request.type(), policy.commandMaxAge());
        Duration age = Duration.between(request.sentAt(), request.receivedAt());
        if (age.compareTo(maxAge) <= 0) {
            return null;
        }
        return "Rejected: expired: sent at " + request.sentAt() + " (ce_time), received " + age.toSeconds()
                + "s later; commands older than " + maxAge + " are not carried out (day2.policy.command-max-age)";
    }

    private String protectedCluster(Request request, Action action, String cluster) {
        FoundationConfig.ClusterPolicy clusterPolicy = policy.clusters().get(cluster);
        if (clusterPolicy == null || !clusterPolicy.isProtected()) {
            return null;
        }
        List<String> allowed = clusterPolicy.allow().getOrDefault(action.key(), List.of());
        if (allowed.contains(request.source())) {
            return null;
        }
        return "Rejected: cluster '" + cluster + "' is protected: " + action.key() + " is allowed only from "
                + (allowed.isEmpty() ? "no source" : String.join(", ", allowed)) + ", not from '" + request.source()
                + "' (day2.policy.clusters." + cluster + ".allow." + action.key() + ")";
    }

    /** Whether {@code namespace} is one a drill or failover never restores into, maps onto or cleans up. */
    public boolean isSystemNamespace(String namespace) {
        return policy.systemNamespaces().contains(namespace);
    }

    /** The system namespaces ({@code day2.policy.system-namespaces}). */
    public List<String> systemNamespaces() {
        return policy.systemNamespaces();
    }
}
