package io.day2ops.upgrade.domain;

import io.day2ops.events.ResourceRef;

/**
 * Evidence that an object is written with an apiVersion: what pluto and kubent look for.
 *
 * @param apiVersion the apiVersion used
 * @param kind the object's kind
 * @param object the object (its current apiVersion, namespace and name)
 * @param source where the use was found: {@code served} (listed under that version), {@code last-applied-configuration},
 *     {@code managedFields (<manager>)}, or {@code helm release <name> revision <n>}
 */
public record ApiUse(String apiVersion, String kind, ResourceRef object, String source) {}
