package io.day2ops.console;

import io.day2ops.testing.Day2TestInfrastructure;
import io.day2ops.testing.Issuer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * The real parts the console's tests run against, declared once for the module: the run's broker (as the {@code
 * console} principal) and a database of its own, the OIDC issuer, and the four services as packaged processes with
 * the sandbox clusters ({@link ConsoleServices}).
 */
@QuarkusTestResource(
        value = Day2TestInfrastructure.class,
        initArgs = {
            @ResourceArg(name = "database", value = "console"),
            @ResourceArg(name = "principal", value = "console")
        })
@QuarkusTestResource(Issuer.class)
@QuarkusTestResource(ConsoleServices.class)
final class FlowResources {

    private FlowResources() {}
}
