package io.day2ops.events;

/**
 * Fail back after a failover: its direction reversed, with the same checks — the newest Completed backup of the
 * standby (or a named one) restored into the old primary, into the namespaces the failover restored from, verified,
 * RTO and RPO measured; then the workloads the failover fenced on the old primary scaled back to their recorded
 * replicas, and the standby fenced in turn when it is a fenced cluster. Answered by {@code FailoverCompleted} with
 * {@code failbackOf}. Refused (on the topic's {@code .dlq}, with the reason) unless the failover exists, succeeded, and
 * went to {@code cluster}.
 *
 * @param name the failback's name, a DNS-1123 subdomain
 * @param cluster the standby the failover went to: the cluster failing back from; also the Kafka record key
 * @param failover the failover to reverse
 * @param backupName the standby's backup to restore, or {@code latest} (default) for its newest Completed one
 * @param reason why, for people reading the topic
 */
public record FailbackRequested(String name, String cluster, String failover, String backupName, String reason)
        implements Day2Event {

    @Override
    public String subject() {
        return name;
    }
}
