package io.day2ops.sandbox;

import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesResponseComposer;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.crud.CrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import java.lang.reflect.Field;
import java.net.HttpURLConnection;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * fabric8's CRUD dispatcher with its store indexed by name and by resource (plural). The stock one scans every stored
 * object on each get, create and update (matching attribute sets one by one), so creating n objects costs O(n²): a
 * sandbox with 10,000 objects spent seconds per request. Here gets, lists, creates, updates and patches look only at
 * the objects with the same name or of the same resource; writes, watches and deletes stay fabric8's.
 */
final class IndexedCrudDispatcher extends KubernetesCrudDispatcher {

    private static final String NAME = KubernetesAttributesExtractor.NAME;
    private static final String PLURAL = KubernetesAttributesExtractor.PLURAL;

    private final IndexedStore store = new IndexedStore();
    private final AtomicLong resourceVersion;
    /** fabric8's lock: writes replace an object by remove-then-put under its write lock; reads must not see between. */
    private final ReadWriteLock lock;

    IndexedCrudDispatcher() {
        super(List.of());
        try {
            Field map = CrudDispatcher.class.getDeclaredField("map");
            map.setAccessible(true);
            map.set(this, store);
            Field version = KubernetesCrudDispatcher.class.getDeclaredField("resourceVersion");
            version.setAccessible(true);
            resourceVersion = (AtomicLong) version.get(this);
            Field lockField = KubernetesCrudDispatcher.class.getDeclaredField("lock");
            lockField.setAccessible(true);
            lock = (ReadWriteLock) lockField.get(this);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "fabric8's CrudDispatcher changed; the sandbox store index needs a look", e);
        }
    }

    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
        for (Map.Entry<AttributeSet, String> entry : store.candidates(attributes)) {
            if (entry.getKey().matches(attributes)) {
                return entry;
            }
        }
        return null;
    }

    @Override
    public MockResponse handleGet(String path) {
        AttributeSet query = getKey(path);
        boolean named = query.containsKey(NAME);
        if (path.contains("watch=true") || (!named && !query.containsKey(PLURAL))) {
            return super.handleGet(path); // watches, and API metadata requests for custom resources
        }
        List<String> items = new ArrayList<>();
        lock.readLock().lock();
        try {
            for (Map.Entry<AttributeSet, String> entry : store.candidates(query)) {
                if (entry.getKey().matches(query)) {
                    items.add(entry.getValue());
                    if (named) {
                        break;
                    }
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        if (named) {
            return items.isEmpty()
                    ? new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND)
                    : new MockResponse()
                            .setResponseCode(HttpURLConnection.HTTP_OK)
                            .setBody(items.get(0));
        }
        return new MockResponse()
                .setResponseCode(HttpURLConnection.HTTP_OK)
                .setBody(((KubernetesResponseComposer) responseComposer)
                        .compose(items, String.valueOf(resourceVersion.get())));
    }

    /** The store fabric8 writes to, keeping two indexes beside insertion order. */
    private static final class IndexedStore extends AbstractMap<AttributeSet, String> {

        private final LinkedHashMap<AttributeSet, String> all = new LinkedHashMap<>();
        private final Map<String, LinkedHashSet<AttributeSet>> byName = new HashMap<>();
        private final Map<String, LinkedHashSet<AttributeSet>> byPlural = new HashMap<>();

        /** The entries that can match {@code query}: same name, else same resource, else all; a snapshot. */
        synchronized List<Map.Entry<AttributeSet, String>> candidates(AttributeSet query) {
            Set<AttributeSet> keys = index(byName, query, NAME);
            if (keys == null) {
                keys = index(byPlural, query, PLURAL);
            }
            if (keys == null) {
                return snapshot(all.keySet());
            }
            return snapshot(keys);
        }

        private List<Map.Entry<AttributeSet, String>> snapshot(Set<AttributeSet> keys) {
            List<Map.Entry<AttributeSet, String>> entries = new ArrayList<>(keys.size());
            for (AttributeSet key : keys) {
                entries.add(new SimpleImmutableEntry<>(key, all.get(key)));
            }
            return entries;
        }

        /** The index bucket for the query's exact value of {@code key}; null when the query does not pin one. */
        private static Set<AttributeSet> index(
                Map<String, LinkedHashSet<AttributeSet>> index, AttributeSet query, String key) {
            String value = exact(query, key);
            if (value == null) {
                return null;
            }
            return index.getOrDefault(value, new LinkedHashSet<>());
        }

        private static String exact(AttributeSet attributes, String key) {
            Attribute attribute = attributes.getAttribute(key);
            if (attribute == null
                    || attribute.getType() != AttributeType.WITH
                    || attribute.getValues().size() != 1) {
                return null;
            }
            String value = attribute.getValues().get(0).toString();
            return value == null || value.equals("*") ? null : value;
        }

        @Override
        public synchronized String put(AttributeSet key, String value) {
            String previous = all.put(key, value);
            if (previous == null) {
                add(byName, exact(key, NAME), key);
                add(byPlural, exact(key, PLURAL), key);
            }
            return previous;
        }

        @Override
        public synchronized String remove(Object key) {
            String previous = all.remove(key);
            if (previous != null) {
                AttributeSet attributes = (AttributeSet) key;
                drop(byName, exact(attributes, NAME), attributes);
                drop(byPlural, exact(attributes, PLURAL), attributes);
            }
            return previous;
        }

        @Override
        public synchronized String get(Object key) {
            return all.get(key);
        }

        @Override
        public synchronized boolean containsKey(Object key) {
            return all.containsKey(key);
        }

        @Override
        public synchronized int size() {
            return all.size();
        }

        @Override
        public synchronized void clear() {
            all.clear();
            byName.clear();
            byPlural.clear();
        }

        /** A snapshot: fabric8 only iterates it (under its own lock) to scan for deletes and watches. */
        @Override
        public synchronized Set<Map.Entry<AttributeSet, String>> entrySet() {
            return new LinkedHashSet<>(snapshot(all.keySet()));
        }

        private static void add(Map<String, LinkedHashSet<AttributeSet>> index, String value, AttributeSet key) {
            if (value != null) {
                index.computeIfAbsent(value, v -> new LinkedHashSet<>()).add(key);
            }
        }

        private static void drop(Map<String, LinkedHashSet<AttributeSet>> index, String value, AttributeSet key) {
            if (value != null) {
                Set<AttributeSet> keys = index.get(value);
                if (keys != null) {
                    keys.remove(key);
                    if (keys.isEmpty()) {
                        index.remove(value);
                    }
                }
            }
        }
    }
}
