package io.day2ops.dr;

import io.day2ops.testing.Day2TestInfrastructure;
import io.day2ops.testing.Issuer;
import io.day2ops.testing.PeerServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * The real parts every test of this module runs against, declared once: Quarkus applies a {@code @QuarkusTestResource}
 * to every test of the module wherever it is written, so tests only say {@code @Day2FlowTest} (see that annotation
 * for why the resources are not on it).
 */
@QuarkusTestResource(value = Day2TestInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "dr"))
@QuarkusTestResource(PeerServices.class)
@QuarkusTestResource(Issuer.class)
final class FlowResources {

    private FlowResources() {}
}
