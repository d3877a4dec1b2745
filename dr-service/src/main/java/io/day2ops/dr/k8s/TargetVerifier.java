package io.day2ops.dr.k8s;

import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies what a drill restored, on the target cluster, until every check holds or the deadline passes: Deployments
 * rolled out by {@code kubectl rollout status}'s rules, StatefulSets with every replica Ready on the update revision,
 * PVCs Bound, Services with a selector having ready endpoints, and {@code GET <url>} targets answering a 2xx. Blocking.
 */
public final class TargetVerifier {

    /**
     * One check's final state.
     *
     * @param target what was checked, {@code Kind/namespace/name}
     * @param passed whether it held
     * @param message what was seen last
     * @param passedAt when it first held (null if it never did)
     */
    public record Result(String target, boolean passed, String message, Instant passedAt) {}

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final KubernetesClient client;
    private final HttpCheckFence fence;
    private final Clock clock;

    public TargetVerifier(KubernetesClient client, Clock clock, HttpCheckFence fence) {
        this.client = client;
        this.clock = clock;
        this.fence = fence;
    }

    /** Polls every target until all pass or {@code deadline}; a target that passed is not checked again. */
    public List<Result> verify(List<String> targets, Instant deadline, Duration poll) throws InterruptedException {
        Map<String, Result> results = new LinkedHashMap<>();
        for (String target : targets) {
            results.put(target, new Result(target, false, "not checked yet", null));
        }
        while (true) {
            boolean all = true;
            for (String target : targets) {
                if (results.get(target).passed()) {
                    continue;
                }
                String problem;
                try {
                    problem = check(target);
                } catch (RuntimeException e) {
                    problem = "could not be read: " + e.getMessage();
                }
                results.put(
                        target,
                        problem == null
                                ? new Result(target, true, "ready", clock.instant())
                                : new Result(target, false, problem, null));
                all &= problem == null;
            }
            if (all || !clock.instant().isBefore(deadline)) {
                return new ArrayList<>(results.values());
            }
            Thread.sleep(poll.toMillis());
        }
    }

    /** Why the target is not ready yet, or null when it is. */
    String check(String target) {
        if (target.startsWith("GET ")) {
            String url = target.substring(4);
            String refusal = fence.refusal(url);
            return refusal != null ? refusal : http(url);
        }
        String[] parts = target.split("/", 3);
        if (parts.length != 3) {
            return "not a Kind/namespace/name target";
        }
        String kind = parts[0];
        String namespace = parts[1];
        String name = parts[2];
        switch (kind) {
            case "Deployment" -> {
                Deployment d = client.apps()
                        .deployments()
                        .inNamespace(namespace)
                        .withName(name)
                        .get();
                if (d == null) {
                    return "does not exist";
                }
                var status = d.getStatus();
                int desired =
                        d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
                if (status == null
                        || status.getObservedGeneration() == null
                        || status.getObservedGeneration() < d.getMetadata().getGeneration()) {
                    return "waiting for the deployment spec update to be observed";
                }
                int updated = orZero(status.getUpdatedReplicas());
                int available = orZero(status.getAvailableReplicas());
                if (updated < desired) {
                    return updated + " of " + desired + " updated replicas are available";
                }
                if (orZero(status.getReplicas()) > updated) {
                    return (orZero(status.getReplicas()) - updated) + " old replicas are pending termination";
                }
                if (available < updated) {
                    return available + " of " + updated + " updated replicas are available";
                }
                return null;
            }
            case "StatefulSet" -> {
                StatefulSet s = client.apps()
                        .statefulSets()
                        .inNamespace(namespace)
                        .withName(name)
                        .get();
                if (s == null) {
                    return "does not exist";
                }
                int desired =
                        s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
                var status = s.getStatus();
                int ready = status == null ? 0 : orZero(status.getReadyReplicas());
                if (ready < desired) {
                    return ready + " of " + desired + " pods are Ready";
                }
                if (status.getUpdateRevision() != null
                        && status.getCurrentRevision() != null
                        && !status.getUpdateRevision().equals(status.getCurrentRevision())) {
                    return "rolling update in progress";
                }
                return null;
            }
            case "PersistentVolumeClaim" -> {
                PersistentVolumeClaim claim = client.persistentVolumeClaims()
                        .inNamespace(namespace)
                        .withName(name)
                        .get();
                if (claim == null) {
                    return "does not exist";
                }
                String phase =
                        claim.getStatus() == null ? null : claim.getStatus().getPhase();
                return "Bound".equals(phase) ? null : "is " + (phase == null ? "without a phase" : phase);
            }
            case "Service" -> {
                Service service =
                        client.services().inNamespace(namespace).withName(name).get();
                if (service == null) {
                    return "does not exist";
                }
                if (service.getSpec().getSelector() == null
                        || service.getSpec().getSelector().isEmpty()) {
                    return null;
                }
                Endpoints endpoints =
                        client.endpoints().inNamespace(namespace).withName(name).get();
                int ready = 0;
                if (endpoints != null && endpoints.getSubsets() != null) {
                    for (EndpointSubset subset : endpoints.getSubsets()) {
                        ready += subset.getAddresses() == null
                                ? 0
                                : subset.getAddresses().size();
                    }
                }
                return ready > 0 ? null : "has no ready endpoints";
            }
            default -> {
                return "cannot verify a " + kind;
            }
        }
    }

    /** Why the URL does not answer a 2xx to a GET, or null when it does. */
    private static String http(String url) {
        try {
            HttpResponse<Void> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2 ? null : "answered " + response.statusCode();
        } catch (IOException e) {
            return "did not answer: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (IllegalArgumentException e) {
            return "not a URL: " + e.getMessage();
        }
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
