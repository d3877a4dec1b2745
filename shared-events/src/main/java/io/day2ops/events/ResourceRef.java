package io.day2ops.events;

/**
 * Points at one Kubernetes object.
 *
 * @param apiVersion the object's apiVersion, e.g. {@code apps/v1}
 * @param kind the object's kind, e.g. {@code Deployment}
 * @param namespace the namespace; absent for cluster-scoped objects
 * @param name the object's name
 */
public record ResourceRef(String apiVersion, String kind, String namespace, String name) {}
