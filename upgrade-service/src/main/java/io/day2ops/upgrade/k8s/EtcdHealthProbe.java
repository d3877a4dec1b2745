package io.day2ops.upgrade.k8s;

import io.day2ops.events.GateCheckResult;
import io.day2ops.events.GateCheckResult.Verdict;
import io.day2ops.foundation.clusters.ClustersConfig;
import io.day2ops.foundation.clusters.EtcdClients;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.maintenance.AlarmMember;
import io.etcd.jetcd.maintenance.StatusResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * etcd health before an upgrade, as {@code etcdctl endpoint health/status} and {@code etcdctl alarm list} show it:
 * every configured endpoint answers its status, the members agree on a leader, and no alarm (NOSPACE, CORRUPT) is
 * raised. Blocking.
 */
public final class EtcdHealthProbe {

    public static final String ID = "etcd-health";

    private EtcdHealthProbe() {}

    public static List<GateCheckResult> probe(String cluster, ClustersConfig.Etcd etcd) {
        List<GateCheckResult> results = new ArrayList<>();
        long timeout = etcd.timeout().toMillis();
        List<String> endpoints = etcd.endpoints().orElseThrow();
        try (Client client = EtcdClients.open(etcd)) {
            List<Long> leaders = new ArrayList<>();
            List<String> healthy = new ArrayList<>();
            for (String endpoint : endpoints) {
                try {
                    StatusResponse status =
                            client.getMaintenanceClient().statusMember(endpoint).get(timeout, TimeUnit.MILLISECONDS);
                    leaders.add(status.getLeader());
                    healthy.add(
                            endpoint + " (etcd " + status.getVersion() + ", db " + status.getDbSize() / 1024 + " KiB)");
                } catch (ExecutionException | TimeoutException e) {
                    results.add(new GateCheckResult(
                            ID,
                            Verdict.FAIL,
                            null,
                            "etcd member " + endpoint + " of cluster '" + cluster + "' did not answer its status: "
                                    + (e instanceof ExecutionException
                                            ? e.getCause().getMessage()
                                            : "timed out after " + timeout + " ms"),
                            "etcdctl --endpoints " + endpoint + " endpoint health; do not upgrade with a member down"));
                }
            }
            if (leaders.stream().distinct().count() > 1 || leaders.contains(0L)) {
                results.add(new GateCheckResult(
                        ID,
                        Verdict.FAIL,
                        null,
                        "etcd members of cluster '" + cluster + "' do not agree on a leader: " + leaders,
                        "etcdctl endpoint status --cluster; wait for the election to settle"));
            }
            if (!healthy.isEmpty()) {
                for (AlarmMember alarm : client.getMaintenanceClient()
                        .listAlarms()
                        .get(timeout, TimeUnit.MILLISECONDS)
                        .getAlarms()) {
                    results.add(new GateCheckResult(
                            ID,
                            Verdict.FAIL,
                            null,
                            "etcd alarm " + alarm.getAlarmType() + " raised on member "
                                    + Long.toHexString(alarm.getMemberId()),
                            "NOSPACE: compact and defragment, then etcdctl alarm disarm; CORRUPT: restore the member"
                                    + " from a snapshot"));
                }
            }
            if (results.isEmpty()) {
                results.add(new GateCheckResult(
                        ID, Verdict.PASS, null, "etcd healthy, no alarms: " + String.join(", ", healthy), null));
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            results.add(new GateCheckResult(
                    ID,
                    Verdict.FAIL,
                    null,
                    "etcd of cluster '" + cluster + "' at " + endpoints + " could not be checked: " + e.getMessage(),
                    "check day2.clusters." + cluster + ".etcd.* and the network path to etcd"));
        }
        return results;
    }
}
