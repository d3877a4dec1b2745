package io.day2ops.dr.domain;

/**
 * One workload a fence scaled to 0.
 *
 * @param kind {@code Deployment} or {@code StatefulSet}
 * @param namespace its namespace on the old primary
 * @param name its name
 * @param replicas its {@code spec.replicas} before the fence
 */
public record FencedWorkload(String kind, String namespace, String name, int replicas) {

    /** The annotation naming the failover that fenced a workload. */
    public static final String FENCED_BY = "day2ops.io/fenced-by";

    /** The annotation keeping a fenced workload's replicas before the fence. */
    public static final String FENCED_REPLICAS = "day2ops.io/fenced-replicas";

    /** {@code Kind/namespace/name}. */
    public String target() {
        return kind + "/" + namespace + "/" + name;
    }
}
