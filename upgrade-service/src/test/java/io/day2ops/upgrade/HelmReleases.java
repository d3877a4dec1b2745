package io.day2ops.upgrade;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Helm 3 release Secrets as Helm writes them: the release JSON gzipped and base64'd, inside the Secret's base64. */
public final class HelmReleases {

    private HelmReleases() {}

    public static Secret release(String name, String namespace, int revision, String status, String manifest) {
        String json = "{\"name\":\"" + name + "\",\"namespace\":\"" + namespace + "\",\"version\":" + revision
                + ",\"info\":{\"status\":\"" + status + "\"},\"manifest\":"
                + com.fasterxml.jackson.databind.node.TextNode.valueOf(manifest) + "}";
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String helmEncoded = Base64.getEncoder().encodeToString(gzipped.toByteArray());
        return new SecretBuilder()
                .withNewMetadata()
                .withName("sh.helm.release.v1." + name + ".v" + revision)
                .withNamespace(namespace)
                .withLabels(
                        Map.of("owner", "helm", "name", name, "status", status, "version", String.valueOf(revision)))
                .endMetadata()
                .withType("helm.sh/release.v1")
                .withData(Map.of(
                        "release", Base64.getEncoder().encodeToString(helmEncoded.getBytes(StandardCharsets.US_ASCII))))
                .build();
    }
}
