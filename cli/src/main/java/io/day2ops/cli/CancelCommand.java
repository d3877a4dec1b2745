package io.day2ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code day2 cancel KIND NAME}: stops a backup, restore, rollout, drain or drill at its next safe point. A rollout
 * rolls back first (Argo Rollouts' abort); a drill waiting on its restore has that restore cancelled too.
 */
@Command(
        name = "cancel",
        description = "Cancel a running backup, restore, rollout, drain or drill (it stops at its next safe point)")
public class CancelCommand implements Callable<Integer> {

    /** Each kind's service and collection. */
    static final Map<String, String[]> KINDS = Map.of(
            "backup", new String[] {"backup", "/backups"},
            "restore", new String[] {"backup", "/restores"},
            "rollout", new String[] {"upgrade", "/rollouts"},
            "drain", new String[] {"upgrade", "/drains"},
            "drill", new String[] {"dr", "/drills"},
            "failover", new String[] {"dr", "/drills"});

    @Mixin
    Common common;

    @Mixin
    Waiting waiting;

    @Parameters(index = "0", description = "backup, restore, rollout, drain, drill or failover")
    String kind;

    @Parameters(index = "1", description = "Its name")
    String name;

    @Override
    public Integer call() {
        String[] where = KINDS.get(kind.toLowerCase(java.util.Locale.ROOT));
        if (where == null) {
            throw new CliError(
                    CliError.USAGE_OR_SERVER,
                    "cannot cancel a '" + kind + "': one of backup, restore, rollout, drain, drill, failover");
        }
        String path = where[1] + "/" + name;
        Api.Answer answer = common.api().post(where[0], path + "/cancel", null);
        JsonNode body = answer.body();
        common.out().printf("%s %s: %s%n", kind, name, body.path("message").asText("cancel requested"));
        if (where[0].equals("dr")) {
            cancelItsRestore(path);
        }
        if (!waiting.wait) {
            return 0;
        }
        JsonNode ended = new Waiter(common.api(), common.out(), waiting.timeout())
                .until(where[0], path, kind + " " + name, CancelCommand::ended, CancelCommand::state);
        common.out().printf("%s %s %s%n", kind, name, state(ended));
        return 0;
    }

    /** A drill that was waiting on its restore leaves it running in backup-service: cancel it there too. */
    private void cancelItsRestore(String drillPath) {
        JsonNode drill = common.api().get("dr", drillPath);
        if (!drill.hasNonNull("restoreName")) {
            return;
        }
        String restore = drill.get("restoreName").asText();
        try {
            common.api().post("backup", "/restores/" + restore + "/cancel", null);
            common.out().printf("restore %s (the drill's): cancel requested%n", restore);
        } catch (CliError e) {
            if (e.httpStatus() != 404 && e.httpStatus() != 409) {
                throw e;
            }
        }
    }

    static boolean ended(JsonNode record) {
        if (record.has("phase")
                && BackupCommand.ENDED.contains(record.path("phase").asText())) {
            return true;
        }
        return record.hasNonNull("outcome") || record.hasNonNull("passed");
    }

    static String state(JsonNode record) {
        if (record.hasNonNull("outcome")) {
            return record.get("outcome").asText()
                    + (record.hasNonNull("reason") ? ": " + record.get("reason").asText() : "");
        }
        if (record.hasNonNull("passed")) {
            return DrillCommand.result(record);
        }
        return record.path("phase").asText("?");
    }
}
