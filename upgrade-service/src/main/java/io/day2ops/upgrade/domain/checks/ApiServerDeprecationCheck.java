package io.day2ops.upgrade.domain.checks;

import io.day2ops.events.GateCheckResult;
import io.day2ops.events.ResourceRef;
import io.day2ops.upgrade.domain.ApiServerDeprecations;
import io.day2ops.upgrade.domain.KubernetesVersion;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * Deprecated APIs as the API server sees them, which pluto and kubent cannot: every deprecated API a client requested
 * since the API server started ({@code apiserver_requested_deprecated_apis} — reads count, so controllers and CI
 * scripts that never write an object are caught) FAILs when the target removes it and WARNs otherwise; every CRD
 * version its author marks deprecated WARNs, saying whether clients still request it. An unreadable {@code /metrics}
 * WARNs, naming why.
 */
@Singleton
public class ApiServerDeprecationCheck implements GateCheck {

    public static final String REQUESTED = "requested-deprecated-api";
    public static final String CRD_VERSION = "deprecated-crd-version";

    @Override
    public List<GateCheckResult> evaluate(GateContext context) {
        return evaluate(context.state().apiServerDeprecations(), context.target());
    }

    @Override
    public int order() {
        return 31;
    }

    public static List<GateCheckResult> evaluate(ApiServerDeprecations seen, KubernetesVersion target) {
        Findings requested = new Findings(REQUESTED);
        if (seen.unreadable() != null) {
            requested.warn(
                    null,
                    "the API server's metrics could not be read (" + seen.unreadable() + "): deprecated APIs that"
                            + " clients only read are not seen",
                    "grant upgrade-service get on the nonResourceURL /metrics (k8s/base/rbac.yaml's"
                            + " day2ops-gate-reader does)");
        }
        for (ApiServerDeprecations.Requested api : seen.requested()) {
            ResourceRef ref = new ResourceRef(api.group() + "/" + api.version(), api.resource(), null, api.resource());
            String asked = "clients requested " + api.name() + " since the API server started ("
                    + "apiserver_requested_deprecated_apis; reads count, so no stored object needs to show it)";
            String find = "find the client in the API server's audit log (events annotated k8s.io/deprecated=true"
                    + " name its user and user agent) and move it to a served version";
            KubernetesVersion removed = api.removedRelease().isEmpty() ? null : parse(api.removedRelease());
            if (removed != null && removed.compareTo(target) <= 0) {
                requested.fail(
                        ref,
                        asked + ", removed in " + removed + " (target " + target + ")",
                        find + " before upgrading; it will get 404s after");
            } else {
                requested.warn(
                        ref,
                        asked + ", deprecated" + (removed == null ? " by its CRD" : " and removed in " + removed),
                        find);
            }
        }
        Findings crds = new Findings(CRD_VERSION);
        for (ApiServerDeprecations.CrdVersion version : seen.crdVersions()) {
            boolean asked = seen.requested().stream()
                    .anyMatch(r -> r.group().equals(version.group())
                            && r.version().equals(version.version())
                            && r.resource().equals(version.resource()));
            crds.warn(
                    new ResourceRef("apiextensions.k8s.io/v1", "CustomResourceDefinition", null, version.crd()),
                    "CRD " + version.crd() + " serves " + version.version() + ", deprecated by its author"
                            + (version.warning() == null ? "" : ": " + version.warning())
                            + (seen.unreadable() != null
                                    ? ""
                                    : asked
                                            ? "; clients still request it"
                                            : "; no client requested it since the API server started"),
                    "move clients and manifests to the CRD's storage version before the author stops serving "
                            + version.version());
        }
        List<GateCheckResult> results = new ArrayList<>(
                requested.orPass(
                        "no client requested a deprecated API since the API server started (apiserver_requested_deprecated_apis)"));
        results.addAll(crds.orPass("no CRD serves a version its author deprecated"));
        return results;
    }

    private static KubernetesVersion parse(String release) {
        try {
            return KubernetesVersion.parse(release);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
