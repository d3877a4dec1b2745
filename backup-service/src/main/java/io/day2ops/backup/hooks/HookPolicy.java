package io.day2ops.backup.hooks;

import io.day2ops.events.HookResult;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Whether hooks run at all ({@code day2.backup.hooks.enabled}: they need {@code pods/exec}, which {@code k8s/} grants
 * only with its backup-hooks component), and what of a hook may be published: hook commands and outputs often carry passwords ({@code mysqldump -psecret},
 * {@code PGPASSWORD=…}, {@code --token …}, {@code https://user:pass@host}), and events and logs are read by many. Every
 * command is redacted before it leaves the service; an output is published only when its hook opts in
 * ({@code publishOutput}), and then redacted too. A pattern's named group {@code secret} is what is replaced by
 * {@value #MASK}; a pattern without it is replaced whole. Plain Java.
 */
public final class HookPolicy {

    public static final String MASK = "***";

    /** The longest a hook may run when the service sets no maximum ({@code day2.backup.hooks.max-timeout}). */
    public static final java.time.Duration DEFAULT_MAX_TIMEOUT = java.time.Duration.ofMinutes(30);

    private static final String WORDS =
            "(?:password|passwd|pwd|secret|token|api[-_]?key|access[-_]?key|private[-_]?key|credentials?)";

    /** The patterns always applied; {@code day2.backup.hooks.redact-patterns} adds to them. */
    public static final List<String> DEFAULT_PATTERNS = List.of(
            // --password=x, --db-password x, -token x (in one shell string)
            "(?i)(?<![\\w-])--?[\\w.-]*" + WORDS + "[\\w.-]*(?:=|\\s+)(?<secret>\"[^\"]*\"|'[^']*'|[^\\s\"']+)",
            // PGPASSWORD=x, password: x, "apiKey": "x"
            "(?i)\\b[\\w.-]*" + WORDS + "[\\w.-]*\"?\\s*[=:]\\s*(?<secret>\"[^\"]*\"|'[^']*'|[^\\s\"',;)\\]}]+)",
            // mysql -psecret
            "(?<![\\w-])-p(?<secret>[^\\s\"']+)",
            // scheme://user:pass@host
            "(?i)\\b[a-z][a-z0-9+.-]*://[^:/@\\s]+:(?<secret>[^@\\s]+)@",
            // Authorization: Bearer x / Basic x
            "(?i)\\b(?:bearer|basic)\\s+(?<secret>[\\w.~+/=-]{8,})");

    /** A flag whose value is the next argument: {@code ["--password", "x"]}. */
    private static final Pattern FLAG = Pattern.compile("(?i)^--?[\\w.-]*" + WORDS + "[\\w.-]*$");

    /** What a hook that could not run because hooks are off says. */
    public static final String DISABLED = "hooks are disabled here (day2.backup.hooks.enabled=false; on Kubernetes add"
            + " the backup-hooks component, which grants pods/exec): not run";

    private static final HookPolicy DEFAULTS = new HookPolicy(true, List.of());

    private final boolean enabled;
    private final List<Pattern> patterns;

    /** Hooks enabled, redacting with the defaults plus {@code extra}. */
    public HookPolicy(List<String> extra) {
        this(true, extra);
    }

    /**
     * @param enabled whether hooks run
     * @param extra Java regular expressions added to the defaults; a pattern that does not compile is refused
     */
    public HookPolicy(boolean enabled, List<String> extra) {
        this(enabled, extra, DEFAULT_MAX_TIMEOUT);
    }

    private final java.time.Duration maxTimeout;

    /**
     * @param maxTimeout the longest any hook may run, whatever its own {@code timeout} asks
     *     ({@code day2.backup.hooks.max-timeout})
     */
    public HookPolicy(boolean enabled, List<String> extra, java.time.Duration maxTimeout) {
        this.maxTimeout = maxTimeout;
        this.enabled = enabled;
        List<Pattern> compiled = new ArrayList<>();
        DEFAULT_PATTERNS.forEach(p -> compiled.add(Pattern.compile(p)));
        for (String pattern : extra) {
            try {
                compiled.add(Pattern.compile(pattern));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(
                        "day2.backup.hooks.redact-patterns: '" + pattern + "' is not a regular expression: "
                                + e.getDescription(),
                        e);
            }
        }
        this.patterns = List.copyOf(compiled);
    }

    /** The longest any hook may run. */
    public java.time.Duration maxTimeout() {
        return maxTimeout;
    }

    /** Whether hooks run. */
    public boolean enabled() {
        return enabled;
    }

    /** Hooks enabled, only the default patterns. */
    public static HookPolicy defaults() {
        return DEFAULTS;
    }

    /** {@code text} with every secret the patterns find masked. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (Pattern pattern : patterns) {
            result = mask(pattern, result);
        }
        return result;
    }

    /** A command with each argument redacted, and the argument after a password-like flag masked. */
    public List<String> redact(List<String> command) {
        List<String> redacted = new ArrayList<>(command.size());
        boolean valueOfFlag = false;
        for (String argument : command) {
            redacted.add(valueOfFlag ? MASK : redact(argument));
            valueOfFlag = FLAG.matcher(argument).matches();
        }
        return redacted;
    }

    /** What of {@code result} may go into events, logs and the manifest. */
    public HookResult published(HookResult result, boolean publishOutput) {
        return new HookResult(
                result.hook(),
                result.phase(),
                result.namespace(),
                result.pod(),
                result.container(),
                redact(result.command()),
                result.exitCode(),
                result.outcome(),
                result.onError(),
                publishOutput ? redact(result.output()) : "");
    }

    private static String mask(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        boolean named = pattern.pattern().contains("(?<secret>");
        StringBuilder out = new StringBuilder();
        int last = 0;
        boolean changed = false;
        while (matcher.find()) {
            int start = named ? matcher.start("secret") : matcher.start();
            int end = named ? matcher.end("secret") : matcher.end();
            if (start < 0 || start < last) {
                continue;
            }
            out.append(text, last, start).append(MASK);
            last = end;
            changed = true;
        }
        return !changed ? text : out.append(text, last, text.length()).toString();
    }
}
