package io.day2ops.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Kubeconfig files for sandbox clusters: one cluster, user and context per sandbox, the first one current. */
public final class Kubeconfigs {

    private Kubeconfigs() {}

    public static Path write(Path file, List<SandboxCluster> clusters) {
        StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n");
        for (SandboxCluster cluster : clusters) {
            yaml.append("- name: ")
                    .append(cluster.name())
                    .append("\n  cluster:\n    server: ")
                    .append(cluster.url(), 0, cluster.url().length() - 1)
                    .append('\n');
        }
        yaml.append("users:\n");
        for (SandboxCluster cluster : clusters) {
            yaml.append("- name: ").append(cluster.name()).append("-admin\n  user:\n    token: sandbox\n");
        }
        yaml.append("contexts:\n");
        for (SandboxCluster cluster : clusters) {
            yaml.append("- name: ")
                    .append(cluster.name())
                    .append("\n  context:\n    cluster: ")
                    .append(cluster.name())
                    .append("\n    user: ")
                    .append(cluster.name())
                    .append("-admin\n    namespace: default\n");
        }
        yaml.append("current-context: ").append(clusters.get(0).name()).append('\n');
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
