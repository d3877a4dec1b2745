package io.day2ops.upgrade.k8s;

import io.day2ops.upgrade.domain.ApiServerDeprecations;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what the API server says about deprecated APIs: {@code GET /metrics}'s {@code
 * apiserver_requested_deprecated_apis} series and the CRD versions marked {@code deprecated}. A {@code /metrics} that
 * cannot be read (RBAC, a managed control plane that hides it) is said, not fatal. Blocking.
 */
public final class ApiServerDeprecationsReader {

    static final String METRIC = "apiserver_requested_deprecated_apis";

    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private ApiServerDeprecationsReader() {}

    public static ApiServerDeprecations read(KubernetesClient client) {
        List<ApiServerDeprecations.Requested> requested = new ArrayList<>();
        String unreadable = null;
        try {
            String metrics = client.raw("/metrics");
            if (metrics == null) {
                unreadable = "GET /metrics answered 404";
            } else {
                requested = parse(metrics);
            }
        } catch (KubernetesClientException e) {
            unreadable = "GET /metrics answered " + (e.getCode() > 0 ? e.getCode() + ": " : "") + e.getMessage();
        }
        List<ApiServerDeprecations.CrdVersion> crdVersions = new ArrayList<>();
        for (CustomResourceDefinition crd :
                client.apiextensions().v1().customResourceDefinitions().list().getItems()) {
            for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
                if (Boolean.TRUE.equals(version.getDeprecated()) && Boolean.TRUE.equals(version.getServed())) {
                    crdVersions.add(new ApiServerDeprecations.CrdVersion(
                            crd.getMetadata().getName(),
                            crd.getSpec().getGroup(),
                            version.getName(),
                            crd.getSpec().getNames().getPlural(),
                            version.getDeprecationWarning()));
                }
            }
        }
        return new ApiServerDeprecations(requested, crdVersions, unreadable);
    }

    /** The series of {@link #METRIC} in a Prometheus text exposition; a series at 0 was not requested. */
    static List<ApiServerDeprecations.Requested> parse(String metrics) {
        List<ApiServerDeprecations.Requested> requested = new ArrayList<>();
        for (String line : metrics.split("\n")) {
            if (!line.startsWith(METRIC + "{")) {
                continue;
            }
            int close = line.lastIndexOf('}');
            String value = line.substring(close + 1).trim().split(" ")[0];
            if (close < 0 || Double.parseDouble(value) == 0) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            Matcher matcher = LABEL.matcher(line.substring(METRIC.length() + 1, close));
            while (matcher.find()) {
                labels.put(matcher.group(1), matcher.group(2));
            }
            requested.add(new ApiServerDeprecations.Requested(
                    labels.getOrDefault("group", ""),
                    labels.getOrDefault("version", ""),
                    labels.getOrDefault("resource", ""),
                    labels.getOrDefault("subresource", ""),
                    labels.getOrDefault("removed_release", "")));
        }
        return requested;
    }
}
