package io.day2ops.backup.restore;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.backup.domain.ApiResource;
import io.day2ops.backup.domain.Json;
import io.day2ops.backup.restore.RestoreItem.Action;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.Map;

/**
 * What a restore does with an object that already exists in the target (its create answered 409), by {@code
 * existingResourcePolicy}: {@code none} leaves it (a conflict, saying whether it matches the backup), {@code update}
 * patches it to the backed-up state, {@code recreate} deletes and creates it (for fields that cannot change in place),
 * except for kinds whose deletion loses data. An object this same restore created before it was interrupted is its
 * own, not a conflict, whatever the policy. Blocking; runs after a resource's creates.
 */
final class ExistingObjects {

    /** Kinds {@code recreate} never deletes, and why. */
    static final Map<String, String> NEVER_RECREATED = Map.of(
            "persistentvolumeclaims",
            "deleting a PersistentVolumeClaim can delete its volume and the data on it",
            "persistentvolumes",
            "deleting a PersistentVolume can delete its data (its reclaim policy decides)",
            "namespaces",
            "deleting a Namespace deletes everything in it",
            "customresourcedefinitions.apiextensions.k8s.io",
            "deleting a CustomResourceDefinition deletes every custom resource of its kind");

    private final KubernetesClient client;
    private final String restore;
    private final String policy;
    private final Duration deletionWait;

    /**
     * @param restore the restore's name, which its objects carry ({@link RestoredBy})
     * @param policy {@code none} (also for null), {@code update} or {@code recreate}
     * @param deletionWait how long {@code recreate} waits for a deleted object to be gone
     */
    ExistingObjects(KubernetesClient client, String restore, String policy, Duration deletionWait) {
        this.client = client;
        this.restore = restore;
        this.policy = policy == null ? "none" : policy;
        this.deletionWait = deletionWait;
    }

    /** What happened to {@code name}, which exists already. */
    RestoreItem resolve(String resource, ApiResource target, String namespace, String name, ObjectNode desired) {
        Resource<GenericKubernetesResource> object = scoped(target, namespace).withName(name);
        try {
            GenericKubernetesResource found = object.get();
            if (found == null) {
                return item(resource, namespace, name, Action.Failed, "answered 409 (exists), then was not found");
            }
            ObjectNode live = Json.MAPPER.valueToTree(found);
            if (RestoredBy.createdBy(live, restore)) {
                return item(
                        resource,
                        namespace,
                        name,
                        Action.Created,
                        "created by this restore's earlier attempt, which was interrupted");
            }
            return switch (policy) {
                case "update" -> update(resource, object, namespace, name, desired);
                case "recreate" -> recreate(resource, target, object, namespace, name, desired);
                default -> {
                    ArrayNode patch = ObjectDiff.patch(desired, live);
                    yield item(
                            resource,
                            namespace,
                            name,
                            Action.Conflict,
                            "already exists; left as it is (existingResourcePolicy none); "
                                    + (patch.isEmpty()
                                            ? "it matches the backup"
                                            : "it differs from the backup in " + patch.size() + " field"
                                                    + (patch.size() == 1 ? "" : "s")));
                }
            };
        } catch (KubernetesClientException e) {
            return item(resource, namespace, name, Action.Failed, RestoreResources.message(e));
        }
    }

    /**
     * A dry run's answer for one object, from the GET of the live one: {@code Planned} (would be created), {@code
     * Unchanged}, or {@code Differs} with the patch restoring it would apply.
     */
    RestoreItem compared(String resource, String namespace, String name, ObjectNode desired, int code, byte[] body) {
        if (code == 404) {
            return item(resource, namespace, name, Action.Planned, "would be created");
        }
        if (code / 100 != 2) {
            return item(
                    resource,
                    namespace,
                    name,
                    Action.Failed,
                    "reading it to compare: " + code + " " + RestoreResources.status(body));
        }
        try {
            ArrayNode patch = ObjectDiff.patch(desired, (ObjectNode) Json.MAPPER.readTree(body));
            return patch.isEmpty()
                    ? item(resource, namespace, name, Action.Unchanged, "exists as the backup holds it")
                    : new RestoreItem(resource, namespace, name, Action.Differs, wouldDo(resource), patch);
        } catch (java.io.IOException | ClassCastException e) {
            return item(resource, namespace, name, Action.Failed, "reading it to compare: " + e.getMessage());
        }
    }

    /** What the restore would do with an existing object of {@code resource} that differs from the backup. */
    private String wouldDo(String resource) {
        return switch (policy) {
            case "update" -> "exists and differs from the backup; existingResourcePolicy update would apply the patch";
            case "recreate" ->
                NEVER_RECREATED.containsKey(resource)
                        ? "exists and differs from the backup; existingResourcePolicy recreate is refused for "
                                + resource + " (" + NEVER_RECREATED.get(resource) + "), so it would be left as it is"
                        : "exists and differs from the backup; existingResourcePolicy recreate would delete it and create"
                                + " it from the backup";
            default -> "exists and differs from the backup; existingResourcePolicy none leaves it as it is";
        };
    }

    /** Patches an existing object to the backed-up state (JSON merge patch of everything but its name). */
    private RestoreItem update(
            String resource,
            Resource<GenericKubernetesResource> object,
            String namespace,
            String name,
            ObjectNode desired) {
        ObjectNode patch = desired.deepCopy();
        ObjectNode metadata = (ObjectNode) patch.get("metadata");
        metadata.remove("name");
        metadata.remove("namespace");
        if (metadata.path("labels") instanceof ObjectNode labels) {
            ObjectDiff.RESTORE_LABELS.forEach(labels::remove); // it stays what it was, not this restore's
        }
        object.patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
        return item(resource, namespace, name, Action.Updated, "already existed; patched to the backed-up state");
    }

    /** Deletes the object (foreground: its dependents first), waits until it is gone, and creates it again. */
    private RestoreItem recreate(
            String resource,
            ApiResource target,
            Resource<GenericKubernetesResource> object,
            String namespace,
            String name,
            ObjectNode desired) {
        String refused = NEVER_RECREATED.get(resource);
        if (refused != null) {
            return item(
                    resource,
                    namespace,
                    name,
                    Action.Conflict,
                    "already exists; existingResourcePolicy recreate refused for " + resource + ": " + refused
                            + "; left as it is (existingResourcePolicy update patches it in place)");
        }
        try {
            object.withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 403) {
                throw e;
            }
            return item(
                    resource,
                    namespace,
                    name,
                    Action.Failed,
                    "existingResourcePolicy recreate: not allowed to delete it (403); left as it is. Deleting needs"
                            + " the restore-recreate component (k8s/components/restore-recreate)");
        }
        long deadline = System.nanoTime() + deletionWait.toNanos();
        GenericKubernetesResource still;
        while ((still = object.get()) != null) {
            if (System.nanoTime() > deadline) {
                return item(
                        resource,
                        namespace,
                        name,
                        Action.Failed,
                        "existingResourcePolicy recreate: deleted it, but it was still there after "
                                + deletionWait.toSeconds() + " s (finalizers "
                                + still.getMetadata().getFinalizers() + "); not created again");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return item(
                        resource,
                        namespace,
                        name,
                        Action.Failed,
                        "existingResourcePolicy recreate: interrupted after deleting it, before creating it again");
            }
        }
        GenericKubernetesResource fresh = Json.MAPPER.convertValue(desired, GenericKubernetesResource.class);
        scoped(target, namespace).resource(fresh).create();
        return item(
                resource,
                namespace,
                name,
                Action.Recreated,
                "already existed; deleted and created from the backup (existingResourcePolicy recreate)");
    }

    private NonNamespaceOperation<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            scoped(ApiResource target, String namespace) {
        var resources = client.genericKubernetesResources(RestoreResources.context(target));
        return namespace == null ? resources : resources.inNamespace(namespace);
    }

    private static RestoreItem item(String resource, String namespace, String name, Action action, String message) {
        return new RestoreItem(resource, namespace, name, action, message);
    }
}
