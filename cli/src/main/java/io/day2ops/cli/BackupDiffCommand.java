package io.day2ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code day2 backup diff A B}: the objects added, removed and changed from backup A to backup B. */
@Command(
        name = "diff",
        description = "Objects added, removed and changed from backup FROM to backup TO (GET /backups/FROM/diff/TO);"
                + " exit 1 when they differ")
class BackupDiffCommand implements Callable<Integer> {

    @Mixin
    Common common;

    @Parameters(index = "0", description = "The earlier backup")
    String from;

    @Parameters(index = "1", description = "The later backup")
    String to;

    @Override
    public Integer call() {
        JsonNode diff = common.api().get("backup", "/backups/" + from + "/diff/" + to);
        if (!"table".equals(common.output())) {
            Output.print(common.out(), common.output(), diff, List.of());
            return 0;
        }
        PrintWriter out = common.out();
        print(out, "+", diff.path("added"));
        print(out, "-", diff.path("removed"));
        print(out, "~", diff.path("changed"));
        int total = diff.path("added").size()
                + diff.path("removed").size()
                + diff.path("changed").size();
        out.printf(
                "backup %s -> %s: %d added, %d removed, %d changed%n",
                from,
                to,
                diff.path("added").size(),
                diff.path("removed").size(),
                diff.path("changed").size());
        out.flush();
        return total > 0 ? 1 : 0;
    }

    private static void print(PrintWriter out, String sign, JsonNode items) {
        for (JsonNode item : items) {
            out.printf(
                    "%s %s %s%s%s%n",
                    sign,
                    item.path("kind").asText(),
                    item.hasNonNull("namespace") ? item.get("namespace").asText() + "/" : "",
                    item.path("name").asText(),
                    sign.equals("~")
                            ? " (rv " + item.path("resourceVersionFrom").asText() + " -> "
                                    + item.path("resourceVersionTo").asText() + ")"
                            : "");
        }
    }
}
