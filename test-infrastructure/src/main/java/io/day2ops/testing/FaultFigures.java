package io.day2ops.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One line of the fault suite ({@code ./day2 check faults}): a fault, the requests sent during it, how many were
 * answered, duplicate answers (more than one distinct answer event for one request), lost requests (no answer at all)
 * and corrupt-but-Completed results (a Completed backup whose bytes do not check out, a Passed drill whose target holds
 * nothing). The target for every line is 0 lost, 0 duplicates, 0 corrupt.
 */
public record FaultFigures(String fault, int sent, int answered, int duplicates, int lost, int corrupt, String note) {

    /** The figures of {@code names} from their {@code answers} (request name → distinct answer ids). */
    public static FaultFigures of(
            String fault,
            Collection<String> names,
            Map<String, ? extends Collection<String>> answers,
            int corrupt,
            String note) {
        int answered = (int) names.stream().filter(answers::containsKey).count();
        int duplicates = names.stream()
                .filter(answers::containsKey)
                .mapToInt(name -> answers.get(name).size() - 1)
                .sum();
        return new FaultFigures(fault, names.size(), answered, duplicates, names.size() - answered, corrupt, note);
    }

    /** "{Completed=3, Failed=1}": how many answers ended in each phase, for the note. */
    public static String byPhase(Collection<String> phases) {
        Map<String, Long> counts = new TreeMap<>();
        phases.forEach(phase -> counts.merge(phase, 1L, Long::sum));
        return counts.toString();
    }

    public FaultFigures withNote(String text) {
        return new FaultFigures(fault, sent, answered, duplicates, lost, corrupt, text);
    }

    /** Fails the test unless nothing was lost, duplicated or corrupted. */
    public FaultFigures assertClean() {
        assertThat(lost).as(line()).isZero();
        assertThat(duplicates).as(line()).isZero();
        assertThat(corrupt).as(line()).isZero();
        return this;
    }

    public String line() {
        return String.format(
                "%-48s sent %4d  answered %4d  duplicates %d  lost %d  corrupt-but-Completed %d  %s",
                fault, sent, answered, duplicates, lost, corrupt, note);
    }

    /**
     * Writes {@code title}, one line per fault and a total line to {@code target/faults.txt} (where
     * {@code ./day2 check faults} reads them) and prints them.
     */
    public static void report(String title, List<FaultFigures> results) {
        List<String> report = new ArrayList<>();
        report.add(title);
        results.forEach(figures -> report.add(figures.line()));
        report.add(new FaultFigures(
                        "total (" + results.size() + " faults)",
                        results.stream().mapToInt(FaultFigures::sent).sum(),
                        results.stream().mapToInt(FaultFigures::answered).sum(),
                        results.stream().mapToInt(FaultFigures::duplicates).sum(),
                        results.stream().mapToInt(FaultFigures::lost).sum(),
                        results.stream().mapToInt(FaultFigures::corrupt).sum(),
                        "")
                .line());
        try {
            Files.createDirectories(Path.of("target"));
            Files.write(Path.of("target", "faults.txt"), report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        report.forEach(System.out::println);
    }
}
