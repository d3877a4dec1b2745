package io.day2ops.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** What an external upgrader leaves behind in a sandbox ({@link SandboxCluster#upgradeTo}). */
final class SimulatedUpgrade {

    private SimulatedUpgrade() {}

    static void apply(SandboxDispatcher dispatcher, String gitVersion, String... onlyNodes) {
        if (!gitVersion.matches("v\\d+\\.\\d+\\.\\d+")) {
            throw new IllegalArgumentException("a version like v1.31.0, not " + gitVersion);
        }
        Store store = new Store(dispatcher);
        if (onlyNodes.length == 0) {
            dispatcher.discovery.gitVersion(gitVersion);
            for (JsonNode pod : store.list("/api/v1/namespaces/kube-system/pods")) {
                if (!"kube-apiserver"
                        .equals(pod.path("metadata")
                                .path("labels")
                                .path("component")
                                .asText())) {
                    continue;
                }
                ObjectNode upgraded = pod.deepCopy();
                for (JsonNode container : upgraded.path("spec").path("containers")) {
                    String image = container.path("image").asText();
                    if (image.contains(":")) {
                        ((ObjectNode) container)
                                .put("image", image.substring(0, image.lastIndexOf(':') + 1) + gitVersion);
                    }
                }
                store.replace(
                        "/api/v1/namespaces/kube-system/pods/"
                                + pod.path("metadata").path("name").asText(),
                        upgraded);
            }
        }
        List<String> only = List.of(onlyNodes);
        for (JsonNode node : store.list("/api/v1/nodes")) {
            String nodeName = node.path("metadata").path("name").asText();
            if (!only.isEmpty() && !only.contains(nodeName)) {
                continue;
            }
            ObjectNode status = node.path("status").deepCopy();
            status.with("nodeInfo").put("kubeletVersion", gitVersion).put("kubeProxyVersion", gitVersion);
            store.replaceStatus("/api/v1/nodes/" + nodeName, node, status);
        }
    }
}
