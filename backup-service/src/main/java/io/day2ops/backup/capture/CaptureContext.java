package io.day2ops.backup.capture;

import io.day2ops.events.BackupRequested;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One capture as its item actions see it: the request, and what the captured objects imply. Namespaced resources are
 * captured first; the cluster-scoped objects they need (their Namespaces, the PersistentVolumes their claims are bound
 * to, the CRDs of their custom resources) are then captured by name. Shared by the capture's listers: thread-safe.
 */
public final class CaptureContext {

    private final BackupRequested request;
    private final boolean requestHasHooks;
    private final Map<String, Set<String>> needed = new ConcurrentHashMap<>();
    private final Set<String> podsForHooks = ConcurrentHashMap.newKeySet();
    private final Set<String> claims = ConcurrentHashMap.newKeySet();

    public CaptureContext(BackupRequested request) {
        this.request = request;
        this.requestHasHooks =
                request.hooks() != null && !request.hooks().resources().isEmpty();
    }

    public BackupRequested request() {
        return request;
    }

    /** Whether the request declares backup hooks (so any captured pod may run one). */
    public boolean requestHasHooks() {
        return requestHasHooks;
    }

    /** The captured objects need cluster-scoped object {@code name} of {@code resource}. */
    public void need(String resource, String name) {
        needed.computeIfAbsent(resource, r -> ConcurrentHashMap.newKeySet()).add(name);
    }

    public boolean needs(String resource, String name) {
        return needed.getOrDefault(resource, Set.of()).contains(name);
    }

    /** Whether any object of {@code resource} is needed. */
    public boolean needsAny(String resource) {
        return !needed.getOrDefault(resource, Set.of()).isEmpty();
    }

    /** A captured pod backup hooks may run in ({@code namespace/name}). */
    public void podForHooks(String key) {
        podsForHooks.add(key);
    }

    public Set<String> podsForHooks() {
        return Set.copyOf(podsForHooks);
    }

    /** A captured PersistentVolumeClaim ({@code namespace/name}), whose volume may be snapshotted. */
    public void claim(String key) {
        claims.add(key);
    }

    public Set<String> claims() {
        return Set.copyOf(claims);
    }
}
