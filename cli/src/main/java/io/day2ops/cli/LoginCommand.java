package io.day2ops.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code day2 login}: a token from the context's issuer, cached for the other commands. A person logs in with their
 * user and password (asked for on the terminal, or read from stdin with {@code --password-stdin}); a pipeline with
 * {@code --client-id} and {@code --client-secret} (client credentials).
 */
@Command(name = "login", description = "Log in to the context's OIDC issuer; the token is cached (mode 600)")
public class LoginCommand implements Callable<Integer> {

    @Mixin
    Common common;

    @ArgGroup(exclusive = true)
    Who who;

    static class Who {
        @Option(
                names = {"-u", "--username"},
                description = "Your user (password grant)")
        String username;

        @Option(names = "--client-id", description = "A confidential client (client credentials)")
        String clientId;
    }

    @Option(names = "--password-stdin", description = "Read the password (or client secret) from stdin")
    boolean passwordStdin;

    @Option(names = "--client-secret", description = "The client's secret (prefer --password-stdin)")
    String clientSecret;

    @Override
    public Integer call() throws Exception {
        CliConfig.Context context = CliConfig.context(common.context);
        Tokens tokens = common.api().tokens();
        if (who == null) {
            throw new CliError(CliError.USAGE_OR_SERVER, "give --username (a person) or --client-id (a pipeline)");
        }
        if (who.clientId != null) {
            String secret = clientSecret != null ? clientSecret : secret("client secret");
            tokens.loginAsClient(context, who.clientId, secret);
            common.out().printf("Logged in to %s as client %s.%n", context.name(), who.clientId);
        } else {
            tokens.loginWithPassword(context, who.username, secret("password for " + who.username));
            common.out().printf("Logged in to %s as %s.%n", context.name(), who.username);
        }
        return 0;
    }

    private String secret(String what) throws Exception {
        if (passwordStdin) {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new CliError(CliError.USAGE_OR_SERVER, "--password-stdin: nothing on stdin");
            }
            return line;
        }
        Console console = System.console();
        if (console == null) {
            throw new CliError(
                    CliError.USAGE_OR_SERVER, "no terminal to ask for the " + what + ": use --password-stdin");
        }
        char[] typed = console.readPassword("%s: ", what);
        return typed == null ? "" : new String(typed);
    }
}
