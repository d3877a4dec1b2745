package io.day2ops.upgrade.domain;

import java.util.List;

/**
 * What the API server itself says about deprecated APIs, beyond the objects stored: the deprecated APIs clients
 * requested since it started (its {@code apiserver_requested_deprecated_apis} gauge, reads included — controllers and
 * scripts that never write an object), and the CustomResourceDefinition versions their authors mark deprecated.
 *
 * @param requested each series of the gauge
 * @param crdVersions each served CRD version marked {@code deprecated: true}
 * @param unreadable why {@code /metrics} could not be read (e.g. a 403), or null when it was
 */
public record ApiServerDeprecations(List<Requested> requested, List<CrdVersion> crdVersions, String unreadable) {

    /** Nothing read: for a state built without the API server's view (tests of other checks). */
    public static final ApiServerDeprecations NOT_READ = new ApiServerDeprecations(List.of(), List.of(), "not read");

    public ApiServerDeprecations {
        requested = List.copyOf(requested);
        crdVersions = List.copyOf(crdVersions);
    }

    /**
     * A deprecated API a client requested.
     *
     * @param group the API group ({@code flowcontrol.apiserver.k8s.io})
     * @param version its version ({@code v1beta3})
     * @param resource the resource ({@code flowschemas})
     * @param subresource the subresource, or empty
     * @param removedRelease the release that removes it ({@code 1.32}), or empty when none is planned (a CRD's)
     */
    public record Requested(String group, String version, String resource, String subresource, String removedRelease) {

        /** {@code flowschemas.v1beta3.flowcontrol.apiserver.k8s.io}, as kubectl names a resource at a version. */
        public String name() {
            return resource + (subresource.isEmpty() ? "" : "/" + subresource) + "." + version + "." + group;
        }
    }

    /**
     * A CRD version its author marks deprecated.
     *
     * @param crd the CRD's name ({@code certificates.pki.day2ops.io})
     * @param group its group
     * @param version the deprecated version
     * @param resource its plural
     * @param warning its {@code deprecationWarning}, or null
     */
    public record CrdVersion(String crd, String group, String version, String resource, String warning) {}
}
