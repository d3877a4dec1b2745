package io.day2ops.dr.service;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Which failed health probes count toward an automatic failover: no answer in time, no connection, or a 5xx answer.
 * An API server that answers 401 or 403 (or any other 4xx) is up — a replica whose credentials were revoked must not
 * fail a healthy cluster over.
 */
final class ProbeFailures {

    private ProbeFailures() {}

    /** Why the probe says the API server is down, or null when its answer says it is up. */
    static String downReason(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof KubernetesClientException k8s && k8s.getCode() > 0) {
                int code = k8s.getCode();
                return code >= 500 ? "answered " + code + ": " + DrillJob.rootCause(failure) : null;
            }
        }
        return DrillJob.rootCause(failure);
    }
}
