package io.day2ops.backup.volumes;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** The CSI snapshot API ({@code snapshot.storage.k8s.io/v1}) as fabric8 generic resources. */
public final class CsiApi {

    public static final String GROUP = "snapshot.storage.k8s.io";
    public static final String API_VERSION = GROUP + "/v1";
    public static final ResourceDefinitionContext SNAPSHOTS = context("VolumeSnapshot", "volumesnapshots", true);
    public static final ResourceDefinitionContext CONTENTS =
            context("VolumeSnapshotContent", "volumesnapshotcontents", false);
    public static final ResourceDefinitionContext CLASSES =
            context("VolumeSnapshotClass", "volumesnapshotclasses", false);

    private CsiApi() {}

    private static ResourceDefinitionContext context(String kind, String plural, boolean namespaced) {
        return new ResourceDefinitionContext.Builder()
                .withGroup(GROUP)
                .withVersion("v1")
                .withKind(kind)
                .withPlural(plural)
                .withNamespaced(namespaced)
                .build();
    }
}
