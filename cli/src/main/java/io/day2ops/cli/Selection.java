package io.day2ops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine.Option;

/** Velero's selection flags, shared by {@code backup create}, {@code restore create} and {@code schedule create}. */
public class Selection {

    @Option(names = "--include-namespaces", split = ",", description = "Namespaces to include (default: all)")
    List<String> includeNamespaces;

    @Option(names = "--exclude-namespaces", split = ",", description = "Namespaces to leave out")
    List<String> excludeNamespaces;

    @Option(
            names = {"-l", "--selector"},
            description = "Only objects with these labels: key=value[,key=value]")
    String selector;

    @Option(
            names = "--or-selector",
            description = "Only objects matching one of these: key=value[,key=value] or key=value… (not with -l)")
    String orSelector;

    /** Adds the flags given to a request (or a schedule's template). */
    void addTo(ObjectNode request) {
        BackupCommand.array(request, "includedNamespaces", includeNamespaces);
        BackupCommand.array(request, "excludedNamespaces", excludeNamespaces);
        if (selector != null) {
            request.set("labelSelector", Selectors.matchLabels(selector));
        }
        if (orSelector != null) {
            request.set("orLabelSelectors", Selectors.anyOf(orSelector));
        }
    }
}
