package io.day2ops.localstack;

import io.day2ops.sandbox.Kubectl;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * {@code ./day2 check rbac}: compares what each service asked the Kubernetes API for in the test suite (every request
 * its client sent to the sandbox API servers, recorded by {@code io.day2ops.sandbox.ApiUse} into
 * {@code <module>/target/k8s-api-use.tsv}) with what the ClusterRoles of {@code k8s/} grant its ServiceAccount.
 * Fails when a service needs something it is not granted (it would get 403 in a real cluster) or when any rule grants
 * {@code *}; lists what is granted but never used, for a person to judge (some grants cover paths the sandbox cannot
 * exercise, e.g. kinds it does not serve).
 *
 * <p>{@code java ... RbacCheck <repository root> [overlay]} (overlay {@code dev} by default: it includes every
 * optional component the tests exercise, such as hooks).
 */
public final class RbacCheck {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private RbacCheck() {}

    /** One need: verb on group/resource (resource may carry a subresource), or a non-resource path. */
    record Need(String service, String verb, String group, String resource) {
        boolean nonResource() {
            return group.equals("-");
        }

        @Override
        public String toString() {
            return nonResource()
                    ? verb + " " + resource
                    : verb + " " + (group.isEmpty() ? "core" : group) + "/" + resource;
        }
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        String overlay = args.length > 1 ? args[1] : "dev";
        List<Need> needs = needs(root);
        if (needs.isEmpty()) {
            System.err.println("no */target/k8s-api-use.tsv: run the suite first (./day2 test)");
            System.exit(2);
        }
        List<HasMetadata> objects = render(root, overlay);
        List<String> failures = new ArrayList<>(wildcards(objects));
        Map<String, List<Need>> byService = new TreeMap<>();
        needs.forEach(n ->
                byService.computeIfAbsent(n.service(), s -> new ArrayList<>()).add(n));
        Set<String> accounts = new TreeSet<>();
        objects.stream()
                .filter(io.fabric8.kubernetes.api.model.ServiceAccount.class::isInstance)
                .forEach(account -> accounts.add(account.getMetadata().getName()));
        Set<String> ignored = new TreeSet<>(byService.keySet());
        ignored.removeAll(accounts);
        byService.keySet().retainAll(accounts);
        if (!ignored.isEmpty()) {
            System.out.println("not day2ops ServiceAccounts (test clients), ignored: " + ignored);
        }
        for (Map.Entry<String, List<Need>> service : byService.entrySet()) {
            List<PolicyRule> rules = rulesOf(objects, service.getKey());
            Set<String> used = new TreeSet<>();
            int covered = 0;
            for (Need need : service.getValue()) {
                List<String> grants = grants(rules, need);
                if (grants.isEmpty()) {
                    failures.add(service.getKey() + " needs " + need + " (seen in the tests) but is not granted it");
                } else {
                    covered++;
                    used.addAll(grants);
                }
            }
            Set<String> unused = new TreeSet<>(allGrants(rules));
            unused.removeAll(used);
            System.out.printf(
                    "%-18s %3d needs seen in the tests, %3d of them granted; %d grants not exercised by the tests%n",
                    service.getKey(), service.getValue().size(), covered, unused.size());
            if (!unused.isEmpty()) {
                System.out.println("    not exercised: " + String.join(", ", unused));
            }
        }
        if (!failures.isEmpty()) {
            failures.forEach(f -> System.out.println("FAIL " + f));
            System.exit(1);
        }
        System.out.println("rbac: every need of every service is granted, and no rule grants *");
    }

    static List<Need> needs(Path root) throws IOException {
        List<Need> needs = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.sorted().toList()) {
                Path file = module.resolve("target/k8s-api-use.tsv");
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                for (String line : Files.readAllLines(file)) {
                    String[] f = line.split("\t");
                    if (f.length == 4 && seen.add(line)) {
                        String service = f[0].substring("day2ops-".length());
                        needs.add(new Need(service, f[1], f[2].equals("core") ? "" : f[2], f[3]));
                    }
                }
            }
        }
        return needs;
    }

    static List<HasMetadata> render(Path root, String overlay) {
        String rendered = new Kubectl(null)
                .run("kustomize", root.resolve("k8s/overlays/" + overlay).toString());
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : rendered.split("(?m)^---$")) {
            if (!document.isBlank()) {
                objects.add(SERIALIZATION.unmarshal(document));
            }
        }
        return objects;
    }

    /** Every rule that grants {@code *} as a verb, resource or API group. */
    static List<String> wildcards(List<HasMetadata> objects) {
        List<String> found = new ArrayList<>();
        for (HasMetadata object : objects) {
            if (object instanceof ClusterRole role && role.getRules() != null) {
                for (PolicyRule rule : role.getRules()) {
                    if (rule.getVerbs().contains("*")
                            || rule.getResources().contains("*")
                            || rule.getApiGroups().contains("*")) {
                        found.add("ClusterRole " + role.getMetadata().getName() + " grants * in " + rule);
                    }
                }
            }
        }
        return found;
    }

    /** The rules bound to ServiceAccount {@code service} through ClusterRoleBindings, aggregation resolved. */
    static List<PolicyRule> rulesOf(List<HasMetadata> objects, String service) {
        return rulesOf(objects, service, null);
    }

    /**
     * The rules bound to ServiceAccount {@code service} of {@code namespace} (any namespace when null) through
     * ClusterRoleBindings, aggregated ClusterRoles resolved by their labels.
     */
    public static List<PolicyRule> rulesOf(List<HasMetadata> objects, String service, String namespace) {
        List<ClusterRole> roles = objects.stream()
                .filter(ClusterRole.class::isInstance)
                .map(ClusterRole.class::cast)
                .toList();
        List<PolicyRule> rules = new ArrayList<>();
        for (HasMetadata object : objects) {
            if (!(object instanceof ClusterRoleBinding binding)
                    || binding.getSubjects().stream()
                            .noneMatch(s -> s.getKind().equals("ServiceAccount")
                                    && s.getName().equals(service)
                                    && (namespace == null || namespace.equals(s.getNamespace())))) {
                continue;
            }
            for (ClusterRole role : roles) {
                if (!role.getMetadata().getName().equals(binding.getRoleRef().getName())) {
                    continue;
                }
                rules.addAll(role.getRules());
                if (role.getAggregationRule() != null) {
                    for (var selector : role.getAggregationRule().getClusterRoleSelectors()) {
                        roles.stream()
                                .filter(r -> r.getMetadata().getLabels() != null
                                        && r.getMetadata()
                                                .getLabels()
                                                .entrySet()
                                                .containsAll(selector.getMatchLabels()
                                                        .entrySet()))
                                .forEach(r -> rules.addAll(r.getRules()));
                    }
                }
            }
        }
        return rules;
    }

    /** The grants ({@link #allGrants} form) that allow {@code need}; empty when none does. */
    static List<String> grants(List<PolicyRule> rules, Need need) {
        List<String> matching = new ArrayList<>();
        for (PolicyRule rule : rules) {
            if (!rule.getVerbs().contains(need.verb())) {
                continue;
            }
            if (need.nonResource()) {
                for (String url : rule.getNonResourceURLs()) {
                    if (url.equals(need.resource())
                            || (url.endsWith("*") && need.resource().startsWith(url.substring(0, url.length() - 1)))) {
                        matching.add(need.verb() + " " + url);
                    }
                }
            } else if (rule.getApiGroups().contains(need.group())
                    && rule.getResources().contains(need.resource())) {
                matching.add(new Need("", need.verb(), need.group(), need.resource()).toString());
            }
        }
        return matching;
    }

    /** Every single grant of the rules: {@code verb group/resource} or {@code verb <url>}. */
    static Set<String> allGrants(List<PolicyRule> rules) {
        Set<String> all = new TreeSet<>();
        for (PolicyRule rule : rules) {
            for (String verb : rule.getVerbs()) {
                rule.getNonResourceURLs().forEach(url -> all.add(verb + " " + url));
                for (String group : rule.getApiGroups()) {
                    for (String resource : rule.getResources()) {
                        all.add(new Need("", verb, group, resource).toString());
                    }
                }
            }
        }
        return all;
    }
}
