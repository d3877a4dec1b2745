package io.day2ops.testing;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Stereotype;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A flow test: the service under test, started once per module run by Quarkus, against the real broker, database and
 * sandbox clusters of this JVM. Fields annotated {@link InjectBus} and {@link InjectCluster} are filled before each
 * test; {@link Flow#unique(String)} gives names no other test uses, {@link Flow#TIMEOUT} how long to wait for an answer.
 *
 * <p>The test resources themselves are declared once per module, with plain {@code @QuarkusTestResource} on one class
 * (conventionally {@code FlowResources} in the module's test sources), not on this annotation: Quarkus restarts the
 * application for every class whose resources come through a meta-annotation (quarkus#17930), which would cost each
 * flow test class a fresh start of the service.
 */
@QuarkusTest
@Stereotype // Quarkus makes the test instance a bean only for annotations it knows; a stereotype is one.
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface Day2FlowTest {}
