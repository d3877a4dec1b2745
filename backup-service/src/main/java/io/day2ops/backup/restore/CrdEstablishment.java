package io.day2ops.backup.restore;

import io.day2ops.foundation.jobs.JobProgress;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Waits until the CustomResourceDefinitions a restore brought are {@code Established}, as Velero does before their
 * custom resources: an API server serves a new CRD's resources only then, and a create before it is a 404.
 */
final class CrdEstablishment {

    private CrdEstablishment() {}

    /**
     * Waits at most {@code bound} for every CRD the restore's {@code items} put in the target (created, updated, or
     * there already); answers, for each that is not Established by then (or is gone), why — by the name of the
     * resource it defines ({@code certificates.pki.day2ops.io}, which is the CRD's name): its custom resources are not
     * restored, with that reason.
     */
    static Map<String, String> await(
            KubernetesClient client, Collection<RestoreItem> items, Duration bound, JobProgress progress)
            throws InterruptedException {
        Map<String, String> waiting = new LinkedHashMap<>();
        items.stream()
                .filter(i -> i.resource().equals("customresourcedefinitions.apiextensions.k8s.io"))
                .filter(i -> i.action() != RestoreItem.Action.Failed && i.action() != RestoreItem.Action.Skipped)
                .forEach(i -> waiting.put(i.name(), "not Established yet"));
        if (waiting.isEmpty()) {
            return Map.of();
        }
        progress.stage("waiting for " + waiting.size() + " CustomResourceDefinition(s) to be Established");
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            for (var it = waiting.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                CustomResourceDefinition crd = client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName(entry.getKey())
                        .get();
                if (crd == null) {
                    entry.setValue("it is not in the cluster");
                } else if (established(crd)) {
                    it.remove();
                    progress.log("CustomResourceDefinition " + entry.getKey() + " is Established");
                } else {
                    entry.setValue("conditions " + conditions(crd));
                }
            }
            if (waiting.isEmpty()) {
                return Map.of();
            }
            if (System.nanoTime() > deadline) {
                Map<String, String> failed = new LinkedHashMap<>();
                waiting.forEach((name, why) -> failed.put(
                        name,
                        "CustomResourceDefinition " + name
                                + " was not Established within " + bound.toSeconds() + " s (" + why + "); its custom"
                                + " resources were not restored"));
                failed.values().forEach(progress::log);
                return failed;
            }
            Thread.sleep(100);
        }
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd.getStatus() != null
                && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static List<String> conditions(CustomResourceDefinition crd) {
        if (crd.getStatus() == null || crd.getStatus().getConditions() == null) {
            return List.of();
        }
        return crd.getStatus().getConditions().stream()
                .map((CustomResourceDefinitionCondition c) ->
                        c.getType() + "=" + c.getStatus() + (c.getMessage() == null ? "" : " (" + c.getMessage() + ")"))
                .toList();
    }
}
