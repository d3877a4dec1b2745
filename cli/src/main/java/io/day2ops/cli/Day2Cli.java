package io.day2ops.cli;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code day2}: the day2ops services for people and CI steps. Exit codes: 0 done, 1 the operation ran and failed (a
 * backup not Completed, a gate NO-GO, a drill that did not pass), 2 bad usage or a server that refused or could not
 * answer.
 */
@TopCommand
@Command(
        name = "day2",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT, // --help and --version on every subcommand
        version = "day2ops CLI 0.1.0",
        description =
                "Backups, restores, upgrade gates, rollouts, drains, drills, failovers and schedules of your clusters,"
                        + " through day2ops.",
        subcommands = {
            LoginCommand.class,
            BackupCommand.class,
            RestoreCommand.class,
            GateCommand.class,
            DrillCommand.class,
            ScheduleCommand.class,
            RolloutCommand.class,
            DrainCommand.class,
            FailoverCommand.class,
            FailbackCommand.class,
            CancelCommand.class,
            ClustersCommand.class,
            CatalogCommand.class,
            StatusCommand.class
        })
public class Day2Cli {

    /** The command line, with errors printed as one line and their exit code, never a stack trace. */
    @ApplicationScoped
    static class Configured {

        @Produces
        CommandLine commandLine(PicocliCommandLineFactory factory) {
            return factory.create()
                    .setExecutionExceptionHandler((failure, commandLine, parsed) -> {
                        if (failure instanceof CliError error) {
                            commandLine.getErr().println("error: " + error.getMessage());
                            commandLine.getErr().flush();
                            return error.exitCode();
                        }
                        commandLine.getErr().println("error: " + failure);
                        commandLine.getErr().flush();
                        return CliError.USAGE_OR_SERVER;
                    })
                    .setCaseInsensitiveEnumValuesAllowed(true);
        }
    }
}
