package io.day2ops.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link BusClient} field of a {@link Day2FlowTest} to receive the run's bus client (connected to the test
 * broker; shared by every test, closed when the run ends — do not close it in a test).
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
public @interface InjectBus {}
