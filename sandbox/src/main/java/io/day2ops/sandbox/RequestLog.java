package io.day2ops.sandbox;

import java.util.ArrayDeque;
import java.util.List;

/**
 * What a sandbox was asked and what its control plane did, in order: {@code POST /apis/...} per request, and
 * controller events such as {@code ESTABLISHED certificates.pki.day2ops.io}. Tests read it to assert the order of a
 * client's requests against the cluster's state (a custom resource created only after its CRD was Established). Keeps
 * the last {@value #CAPACITY} lines.
 */
public final class RequestLog {

    static final int CAPACITY = 50_000;

    private final ArrayDeque<String> lines = new ArrayDeque<>();

    synchronized void add(String line) {
        if (lines.size() == CAPACITY) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }

    /** Every line kept, oldest first. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
