package io.day2ops.dr.k8s;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.dr.domain.FencedWorkload;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fences an old primary after a failover: the Deployments and StatefulSets the failover restored elsewhere are scaled
 * to 0 there by one merge patch each, which also records the failover and the replicas before on the workload
 * ({@link FencedWorkload#FENCED_BY}, {@link FencedWorkload#FENCED_REPLICAS}) — so a fence tried twice keeps the first
 * count, and a failback scales back only what this failover fenced. Nothing else is touched. Blocking.
 */
public final class Fencing {

    /** The kinds a fence scales. */
    public static final List<String> KINDS = List.of("Deployment", "StatefulSet");

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What a fence did.
     *
     * @param fenced the workloads now at 0, with their replicas before
     * @param absent the targets the old primary does not hold
     */
    public record Outcome(List<FencedWorkload> fenced, List<String> absent) {}

    private Fencing() {}

    /** Scales each of {@code targets} ({@code Kind/namespace/name}, of {@link #KINDS}) to 0 for {@code failover}. */
    public static Outcome fence(KubernetesClient client, List<String> targets, String failover) {
        List<FencedWorkload> fenced = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        for (String target : targets) {
            String[] parts = target.split("/", 3);
            Resource<? extends HasMetadata> resource = resource(client, parts[0], parts[1], parts[2]);
            HasMetadata workload = resource.get();
            if (workload == null) {
                absent.add(target);
                continue;
            }
            Map<String, String> annotations = workload.getMetadata().getAnnotations();
            int before = annotations != null
                            && failover.equals(annotations.get(FencedWorkload.FENCED_BY))
                            && annotations.get(FencedWorkload.FENCED_REPLICAS) != null
                    ? Integer.parseInt(annotations.get(FencedWorkload.FENCED_REPLICAS))
                    : replicas(workload);
            ObjectNode patch = JSON.createObjectNode();
            ObjectNode marks = patch.putObject("metadata").putObject("annotations");
            marks.put(FencedWorkload.FENCED_BY, failover);
            marks.put(FencedWorkload.FENCED_REPLICAS, Integer.toString(before));
            patch.putObject("spec").put("replicas", 0);
            resource.patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
            fenced.add(new FencedWorkload(parts[0], parts[1], parts[2], before));
        }
        return new Outcome(fenced, absent);
    }

    /**
     * Scales back what {@code failover} fenced; a workload gone, or fenced since by another failover, is left as it
     * is and named in the answer.
     */
    public static List<String> unfence(KubernetesClient client, List<FencedWorkload> fenced, String failover) {
        List<String> left = new ArrayList<>();
        for (FencedWorkload workload : fenced) {
            Resource<? extends HasMetadata> resource =
                    resource(client, workload.kind(), workload.namespace(), workload.name());
            HasMetadata current = resource.get();
            Map<String, String> annotations =
                    current == null ? null : current.getMetadata().getAnnotations();
            if (annotations == null || !failover.equals(annotations.get(FencedWorkload.FENCED_BY))) {
                left.add(workload.target() + (current == null ? " is gone" : " is not fenced by " + failover));
                continue;
            }
            ObjectNode patch = JSON.createObjectNode();
            ObjectNode marks = patch.putObject("metadata").putObject("annotations");
            marks.putNull(FencedWorkload.FENCED_BY);
            marks.putNull(FencedWorkload.FENCED_REPLICAS);
            patch.putObject("spec").put("replicas", workload.replicas());
            resource.patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
        }
        return left;
    }

    private static Resource<? extends HasMetadata> resource(
            KubernetesClient client, String kind, String namespace, String name) {
        return switch (kind) {
            case "Deployment" ->
                client.apps().deployments().inNamespace(namespace).withName(name);
            case "StatefulSet" ->
                client.apps().statefulSets().inNamespace(namespace).withName(name);
            default -> throw new IllegalArgumentException("a fence scales Deployments and StatefulSets, not " + kind);
        };
    }

    private static int replicas(HasMetadata workload) {
        Integer replicas = workload instanceof Deployment deployment
                ? deployment.getSpec().getReplicas()
                : ((StatefulSet) workload).getSpec().getReplicas();
        return replicas == null ? 1 : replicas;
    }
}
