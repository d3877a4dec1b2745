package io.day2ops.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options every command takes: the context, the output format. */
public class Common {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
            names = "--context",
            description = "The context of the configuration file (default: its currentContext, or local)")
    String context;

    @Option(
            names = {"-o", "--output"},
            defaultValue = "table",
            description = "table (default), json or yaml")
    String output;

    private Api api;

    /** The API of the chosen context. */
    public Api api() {
        if (api == null) {
            api = new Api(CliConfig.context(context));
        }
        return api;
    }

    public String output() {
        return output;
    }

    public PrintWriter out() {
        return spec.commandLine().getOut();
    }

    public PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
