package io.day2ops.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a fabric8 {@code KubernetesClient} field of a {@link Day2FlowTest} to receive a client of the named sandbox
 * cluster ({@code "primary"} or {@code "standby"}, see {@link SandboxClusters}); shared, closed when the run ends.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
public @interface InjectCluster {

    /** The cluster's name, as in {@code day2.clusters.<name>.url}. */
    String value();
}
