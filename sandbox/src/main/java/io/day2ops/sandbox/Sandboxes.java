package io.day2ops.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The two sandbox clusters of the demo and the local stack, as a process: "primary" (the module's lab workloads) and
 * "standby" (empty), on fixed loopback ports, with a kubeconfig holding a context for each.
 *
 * <p>{@code java ... Sandboxes <primary-port> <standby-port> <kubeconfig> <ready-file> [speed]}
 */
public final class Sandboxes {

    private Sandboxes() {}

    /** Starts both sandboxes; the caller closes them. */
    public static List<SandboxCluster> start(int primaryPort, int standbyPort, double speed) {
        List<SandboxCluster> clusters = new ArrayList<>();
        clusters.add(
                SandboxCluster.start("primary", primaryPort, speed, "sandbox/common.yaml", "sandbox/primary.yaml"));
        clusters.add(
                SandboxCluster.start("standby", standbyPort, speed, "sandbox/common.yaml", "sandbox/standby.yaml"));
        return clusters;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: Sandboxes <primary-port> <standby-port> <kubeconfig> <ready-file> [speed]");
            System.exit(2);
        }
        double speed = args.length > 4 ? Double.parseDouble(args[4]) : 10;
        List<SandboxCluster> clusters = start(Integer.parseInt(args[0]), Integer.parseInt(args[1]), speed);
        Path kubeconfig = Kubeconfigs.write(Path.of(args[2]), clusters);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            clusters.forEach(SandboxCluster::close);
            stopped.countDown();
        }));
        for (SandboxCluster cluster : clusters) {
            System.out.printf("sandbox %-8s %s%n", cluster.name(), cluster.url());
        }
        System.out.println("kubeconfig " + kubeconfig.toAbsolutePath());
        Files.writeString(Path.of(args[3]), kubeconfig.toAbsolutePath().toString());
        stopped.await();
    }
}
