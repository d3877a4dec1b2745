package io.day2ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code day2 catalog find deploy/critical-app -n default}: which backups hold an object, and whether it changed. */
@Command(
        name = "catalog",
        description = "The fleet catalogue: which backups hold an object",
        mixinStandardHelpOptions = true,
        subcommands = {CatalogCommand.Find.class})
public class CatalogCommand {

    @Command(
            name = "find",
            description = "Every backup (any cluster, any schedule) that holds KIND/NAME, oldest first, and whether it"
                    + " changed since the previous one (GET /catalog/objects)")
    static class Find implements Callable<Integer> {

        @Mixin
        Common common;

        @Parameters(index = "0", description = "KIND/NAME (deploy/critical-app, configmaps/settings) or NAME")
        String object;

        @Option(
                names = {"-n", "--namespace"},
                description = "Its namespace")
        String namespace;

        @Option(names = "--cluster", description = "Only backups of this cluster")
        String cluster;

        @Override
        public Integer call() {
            String kind = object.contains("/") ? object.substring(0, object.indexOf('/')) : null;
            String name = object.substring(object.indexOf('/') + 1);
            JsonNode found = common.api()
                    .get(
                            "backup",
                            "/catalog/objects"
                                    + Query.of("name", name, "kind", kind, "namespace", namespace, "cluster", cluster));
            if (!"table".equals(common.output())) {
                Output.print(common.out(), common.output(), found, List.of());
                return 0;
            }
            PrintWriter out = common.out();
            if (found.isEmpty()) {
                out.println("no backup holds " + object + (namespace == null ? "" : " in namespace " + namespace));
            }
            for (JsonNode o : found) {
                out.printf(
                        "%s %s%s in cluster %s: %d backup(s), %d version(s)%n",
                        o.path("kind").asText(),
                        o.hasNonNull("namespace") ? o.get("namespace").asText() + "/" : "",
                        o.path("name").asText(),
                        o.path("cluster").asText(),
                        o.path("backups").size(),
                        o.path("versions").asInt());
                for (JsonNode b : o.path("backups")) {
                    out.printf(
                            "  %-40s %-22s rv %-10s %s%n",
                            b.path("backup").asText(),
                            b.path("completedAt").asText(),
                            b.path("resourceVersion").asText("-"),
                            b.path("changed").asBoolean() ? "CHANGED" : "");
                }
            }
            out.flush();
            return 0;
        }
    }
}
