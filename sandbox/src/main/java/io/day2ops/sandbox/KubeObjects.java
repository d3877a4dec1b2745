package io.day2ops.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** What the simulated controllers need to know of any object: names, owners, template hashes, conditions. */
final class KubeObjects {

    private static final ObjectMapper JSON = new ObjectMapper();

    private KubeObjects() {}

    static void condition(
            ArrayNode conditions, JsonNode owner, String type, boolean value, String reason, String message) {
        ObjectNode condition = conditions.addObject();
        condition.put("type", type);
        condition.put("status", value ? "True" : "False");
        condition.put("reason", reason);
        condition.put("message", message);
        // Keep the transition time stable while the condition does not change, as the API server does.
        String since = ApiResponses.now();
        for (JsonNode old : owner.path("status").path("conditions")) {
            if (type.equals(old.path("type").asText())
                    && condition
                            .path("status")
                            .asText()
                            .equals(old.path("status").asText())
                    && reason.equals(old.path("reason").asText())) {
                since = old.path("lastTransitionTime").asText(since);
            }
        }
        condition.put("lastTransitionTime", since);
        condition.put("lastUpdateTime", since);
    }

    static ObjectNode podFrom(JsonNode template, String ns, String name, JsonNode owner, String ownerKind) {
        ObjectNode pod = JSON.createObjectNode();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        ObjectNode meta = pod.putObject("metadata");
        meta.put("name", name);
        meta.put("namespace", ns);
        if (template.path("metadata").has("labels")) {
            meta.set("labels", template.path("metadata").path("labels").deepCopy());
        }
        if (template.path("metadata").has("annotations")) {
            meta.set(
                    "annotations", template.path("metadata").path("annotations").deepCopy());
        }
        meta.putArray("ownerReferences").add(ownerReference(owner, "apps/v1", ownerKind));
        pod.set("spec", template.path("spec").deepCopy());
        pod.putObject("status").put("phase", "Pending");
        return pod;
    }

    static ObjectNode ownerReference(JsonNode owner, String apiVersion, String kind) {
        ObjectNode ref = JSON.createObjectNode();
        ref.put("apiVersion", apiVersion);
        ref.put("kind", kind);
        ref.put("name", name(owner));
        ref.put("uid", owner.path("metadata").path("uid").asText());
        ref.put("controller", true);
        ref.put("blockOwnerDeletion", true);
        return ref;
    }

    static boolean ownedBy(JsonNode object, String uid) {
        for (JsonNode ref : object.path("metadata").path("ownerReferences")) {
            if (uid.equals(ref.path("uid").asText())) {
                return true;
            }
        }
        return false;
    }

    static int podsOf(List<JsonNode> pods, JsonNode rs) {
        String uid = rs.path("metadata").path("uid").asText();
        return (int) pods.stream().filter(p -> ownedBy(p, uid)).count();
    }

    static int readyPods(List<JsonNode> pods, JsonNode rs) {
        String uid = rs.path("metadata").path("uid").asText();
        return (int) pods.stream()
                .filter(p -> ownedBy(p, uid) && Selectors.isReady(p))
                .count();
    }

    static String hash(JsonNode template) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(template.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String suffix() {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            s.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return s.toString();
    }

    static String ns(JsonNode object) {
        return object.path("metadata").path("namespace").asText();
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    /** Whether a node reports Ready (a node without conditions counts as Ready). */
    static boolean nodeReady(JsonNode node) {
        for (JsonNode condition : node.path("status").path("conditions")) {
            if ("Ready".equals(condition.path("type").asText())) {
                return "True".equals(condition.path("status").asText());
            }
        }
        return true;
    }
}
