package io.day2ops.upgrade.domain.checks;

import io.day2ops.events.GateCheckResult;
import io.day2ops.events.GateCheckResult.Verdict;
import io.day2ops.events.ResourceRef;
import io.day2ops.upgrade.domain.ApiUse;
import io.day2ops.upgrade.domain.DeprecatedApis;
import io.day2ops.upgrade.domain.KubernetesVersion;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removed and deprecated APIs, as pluto and kubent find them: every object written with an apiVersion that the target
 * release no longer serves FAILs, named, with where the use was seen (served live, its last-applied configuration, its
 * managedFields, a Helm release's manifest); one that is deprecated by then WARNs.
 */
@Singleton
public class RemovedApiCheck implements GateCheck {

    public static final String REMOVED = "removed-api";
    public static final String DEPRECATED = "deprecated-api";
    public static final String DATA = "deprecated-api-data";

    @Override
    public List<GateCheckResult> evaluate(GateContext context) {
        return evaluate(
                context.state().apiUses(),
                context.deprecatedApis(),
                context.target(),
                context.state().apiScan());
    }

    @Override
    public int order() {
        return 30;
    }

    public static List<GateCheckResult> evaluate(
            List<ApiUse> uses, DeprecatedApis data, KubernetesVersion target, String scanned) {
        // one finding per object and apiVersion, with every place it was seen
        Map<List<String>, Set<String>> sources = new LinkedHashMap<>();
        Map<List<String>, ApiUse> first = new LinkedHashMap<>();
        for (ApiUse use : uses) {
            List<String> key = List.of(
                    use.apiVersion(),
                    use.kind(),
                    String.valueOf(use.object().namespace()),
                    use.object().name());
            sources.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(use.source());
            first.putIfAbsent(key, use);
        }
        Findings removed = new Findings(REMOVED);
        Findings deprecated = new Findings(DEPRECATED);
        for (Map.Entry<List<String>, ApiUse> found : first.entrySet()) {
            ApiUse use = found.getValue();
            DeprecatedApis.Entry entry = data.find(use.apiVersion(), use.kind()).orElse(null);
            if (entry == null) {
                continue;
            }
            ResourceRef resource = new ResourceRef(
                    use.apiVersion(),
                    use.kind(),
                    use.object().namespace(),
                    use.object().name());
            String where = String.join(", ", sources.get(found.getKey()));
            String object = use.kind() + " "
                    + (use.object().namespace() == null ? "" : use.object().namespace() + "/")
                    + use.object().name();
            if (entry.removedIn() != null && entry.removedIn().compareTo(target) <= 0) {
                removed.fail(
                        resource,
                        object + " uses " + use.apiVersion() + ", removed in " + entry.removedIn() + " (target "
                                + target + "); found in: " + where,
                        entry.replacement() == null
                                ? use.apiVersion() + " " + use.kind()
                                        + " has no replacement; remove it before upgrading"
                                : "migrate the manifest to " + entry.replacement()
                                        + " (kubectl convert, or your chart) and apply it again before upgrading");
            } else if (entry.deprecatedIn().compareTo(target) <= 0) {
                deprecated.warn(
                        resource,
                        object + " uses " + use.apiVersion() + ", deprecated since " + entry.deprecatedIn()
                                + (entry.removedIn() == null ? "" : " and removed in " + entry.removedIn())
                                + "; found in: " + where,
                        entry.replacement() == null ? null : "migrate to " + entry.replacement());
            }
        }
        List<GateCheckResult> results =
                new ArrayList<>(removed.orPass("no object uses an API removed by " + target + " (" + scanned + ")"));
        results.addAll(deprecated.orPass("no object uses an API deprecated by " + target));
        if (target.compareTo(data.knownThrough()) > 0) {
            results.add(new GateCheckResult(
                    DATA,
                    Verdict.WARN,
                    null,
                    "the deprecated-API data covers releases through " + data.knownThrough() + "; " + target
                            + " may remove APIs it does not list",
                    "read the " + target + " release notes (Deprecations and removals) before upgrading"));
        }
        return results;
    }
}
