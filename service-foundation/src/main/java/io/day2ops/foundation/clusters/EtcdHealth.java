package io.day2ops.foundation.clusters;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.maintenance.AlarmMember;
import io.etcd.jetcd.maintenance.StatusResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * etcd health as {@code etcdctl endpoint health/status} and {@code etcdctl alarm list} show it: every configured
 * endpoint answers its status, the members agree on a leader, no alarm (NOSPACE, CORRUPT) is raised. Blocking.
 *
 * @param problems what is wrong, each in words; empty when healthy
 * @param healthy the members that answered, with their version and database size
 */
public record EtcdHealth(List<String> problems, List<String> healthy) {

    public boolean ok() {
        return problems.isEmpty();
    }

    /** Checks {@code etcd}'s endpoints; never throws for an unhealthy or unreachable etcd. */
    public static EtcdHealth check(ClustersConfig.Etcd etcd) {
        List<String> problems = new ArrayList<>();
        List<String> healthy = new ArrayList<>();
        long timeout = etcd.timeout().toMillis();
        List<String> endpoints = etcd.endpoints().orElseThrow();
        try (Client client = EtcdClients.open(etcd)) {
            List<Long> leaders = new ArrayList<>();
            for (String endpoint : endpoints) {
                try {
                    StatusResponse status =
                            client.getMaintenanceClient().statusMember(endpoint).get(timeout, TimeUnit.MILLISECONDS);
                    leaders.add(status.getLeader());
                    healthy.add(
                            endpoint + " (etcd " + status.getVersion() + ", db " + status.getDbSize() / 1024 + " KiB)");
                } catch (ExecutionException | TimeoutException e) {
                    problems.add("member " + endpoint + " did not answer its status: "
                            + (e instanceof ExecutionException
                                    ? e.getCause().getMessage()
                                    : "timed out after " + timeout + " ms"));
                }
            }
            if (leaders.stream().distinct().count() > 1 || leaders.contains(0L)) {
                problems.add("members do not agree on a leader: " + leaders);
            }
            if (!healthy.isEmpty()) {
                for (AlarmMember alarm : client.getMaintenanceClient()
                        .listAlarms()
                        .get(timeout, TimeUnit.MILLISECONDS)
                        .getAlarms()) {
                    problems.add("alarm " + alarm.getAlarmType() + " raised on member "
                            + Long.toHexString(alarm.getMemberId()));
                }
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            problems.add("etcd at " + endpoints + " could not be checked: " + e.getMessage());
        }
        return new EtcdHealth(List.copyOf(problems), List.copyOf(healthy));
    }
}
