package io.day2ops.testing;

import static io.day2ops.events.EventType.BACKUP_FAILED;
import static io.day2ops.events.EventType.BACKUP_OVERDUE;
import static io.day2ops.events.EventType.BACKUP_OVERDUE_CLEARED;
import static io.day2ops.events.EventType.BACKUP_REQUESTED;
import static io.day2ops.events.EventType.DRAIN_COMPLETED;
import static io.day2ops.events.EventType.DRAIN_REQUESTED;
import static io.day2ops.events.EventType.DRILL_COMPLETED;
import static io.day2ops.events.EventType.DRILL_REQUESTED;
import static io.day2ops.events.EventType.FAILBACK_REQUESTED;
import static io.day2ops.events.EventType.FAILOVER_COMPLETED;
import static io.day2ops.events.EventType.FAILOVER_REQUESTED;
import static io.day2ops.events.EventType.RESTORE_COMPLETED;
import static io.day2ops.events.EventType.RESTORE_REQUESTED;
import static io.day2ops.events.EventType.ROLLOUT_COMPLETED;
import static io.day2ops.events.EventType.ROLLOUT_REQUESTED;
import static io.day2ops.events.EventType.SNAPSHOT_TAKEN;
import static io.day2ops.events.EventType.UPGRADE_GATE_FAILED;
import static io.day2ops.events.EventType.UPGRADE_GATE_PASSED;
import static io.day2ops.events.EventType.UPGRADE_READY;
import static io.day2ops.events.EventType.UPGRADE_REQUESTED;
import static io.day2ops.events.EventType.UPGRADE_VERIFIED;
import static io.day2ops.events.EventType.UPGRADE_VERIFY_REQUESTED;

import io.day2ops.events.EventType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on the bus: one SCRAM principal per service, allowed exactly its topics (read its inputs with its
 * own consumer groups, write its outputs and its inputs' {@code .dlq}s), and the example producer principals — {@code
 * ci} may publish {@code BackupRequested}, {@code UpgradeRequested} and {@code UpgradeVerifyRequested} and read the
 * upgrade loop's answers ({@code UpgradeReady}, {@code UpgradeVerified}) only, {@code sre} may publish and read
 * everything. {@code admin} is the broker's super user (the broker itself, topic set-up, the tests' bus client). The
 * README's security model shows the same table.
 */
public final class BusAccess {

    /** The broker's super user. */
    public static final String ADMIN = "admin";

    /**
     * What one principal may read and write.
     *
     * @param reads topics it consumes (with consumer groups named after it); their {@code .dlq}s it may write
     * @param writes topics it publishes
     * @param everything read and write every {@code day2.} topic (an operator's principal)
     * @param readsDeadLetters read every topic's {@code .dlq} (the console's delivery page), without a group
     */
    public record Access(
            List<EventType<?>> reads, List<EventType<?>> writes, boolean everything, boolean readsDeadLetters) {

        /** Access without reading dead letters. */
        public Access(List<EventType<?>> reads, List<EventType<?>> writes, boolean everything) {
            this(reads, writes, everything, false);
        }
    }

    /** Every principal but {@link #ADMIN}, by name. */
    public static final Map<String, Access> PRINCIPALS = principals();

    private BusAccess() {}

    private static Map<String, Access> principals() {
        Map<String, Access> all = new LinkedHashMap<>();
        all.put(
                "scheduler-service",
                new Access(
                        List.of(SNAPSHOT_TAKEN, BACKUP_FAILED, DRILL_COMPLETED),
                        List.of(
                                BACKUP_REQUESTED,
                                DRILL_REQUESTED,
                                UPGRADE_REQUESTED,
                                BACKUP_OVERDUE,
                                BACKUP_OVERDUE_CLEARED),
                        false));
        all.put(
                "backup-service",
                new Access(
                        List.of(BACKUP_REQUESTED, RESTORE_REQUESTED),
                        // and its own inputs: the requests people send over HTTP (POST /backups, /restores)
                        List.of(SNAPSHOT_TAKEN, BACKUP_FAILED, RESTORE_COMPLETED, BACKUP_REQUESTED, RESTORE_REQUESTED),
                        false));
        all.put(
                "upgrade-service",
                new Access(
                        List.of(
                                UPGRADE_REQUESTED,
                                SNAPSHOT_TAKEN,
                                BACKUP_FAILED,
                                ROLLOUT_REQUESTED,
                                DRAIN_REQUESTED,
                                UPGRADE_VERIFY_REQUESTED),
                        List.of(
                                UPGRADE_GATE_PASSED,
                                UPGRADE_GATE_FAILED,
                                UPGRADE_READY,
                                UPGRADE_VERIFIED,
                                BACKUP_REQUESTED, // the pre-upgrade backup of an upgrade that is not gate-only
                                UPGRADE_VERIFY_REQUESTED, // POST /gates/{name}/verify
                                ROLLOUT_COMPLETED,
                                DRAIN_COMPLETED,
                                UPGRADE_REQUESTED, // POST /gates
                                ROLLOUT_REQUESTED, // POST /rollouts
                                DRAIN_REQUESTED), // POST /drains
                        false));
        all.put(
                "dr-service",
                new Access(
                        List.of(
                                DRILL_REQUESTED,
                                FAILOVER_REQUESTED,
                                FAILBACK_REQUESTED,
                                SNAPSHOT_TAKEN,
                                RESTORE_COMPLETED,
                                DRAIN_COMPLETED),
                        List.of(
                                DRILL_COMPLETED,
                                FAILOVER_COMPLETED,
                                RESTORE_REQUESTED,
                                DRAIN_REQUESTED,
                                FAILOVER_REQUESTED,
                                FAILBACK_REQUESTED, // POST /failbacks
                                DRILL_REQUESTED), // POST /drills
                        false));
        all.put(
                "console",
                // the console's read model: every answer, nothing written (its actions are HTTP commands made with
                // the user's own token)
                new Access(
                        List.of(
                                SNAPSHOT_TAKEN,
                                BACKUP_FAILED,
                                BACKUP_OVERDUE,
                                BACKUP_OVERDUE_CLEARED,
                                RESTORE_COMPLETED,
                                UPGRADE_GATE_PASSED,
                                UPGRADE_GATE_FAILED,
                                UPGRADE_READY,
                                UPGRADE_VERIFIED,
                                ROLLOUT_COMPLETED,
                                DRAIN_COMPLETED,
                                DRILL_COMPLETED,
                                FAILOVER_COMPLETED),
                        List.of(),
                        false,
                        true));
        all.put(
                "ci",
                new Access(
                        List.of(UPGRADE_READY, UPGRADE_VERIFIED), // a pipeline waits on the upgrade loop's answers
                        List.of(BACKUP_REQUESTED, UPGRADE_REQUESTED, UPGRADE_VERIFY_REQUESTED),
                        false));
        all.put("sre", new Access(List.of(), List.of(), true));
        return Map.copyOf(all);
    }

    /** The ACLs that grant every principal its access, for the broker's StandardAuthorizer. */
    public static List<AclBinding> bindings() {
        List<AclBinding> bindings = new ArrayList<>();
        PRINCIPALS.forEach((name, access) -> {
            String principal = "User:" + name;
            if (access.everything()) {
                bindings.add(allow(ResourceType.TOPIC, "day2.", PatternType.PREFIXED, principal, AclOperation.READ));
                bindings.add(allow(ResourceType.TOPIC, "day2.", PatternType.PREFIXED, principal, AclOperation.WRITE));
                bindings.add(allow(
                        ResourceType.TOPIC, "day2.", PatternType.PREFIXED, principal, AclOperation.DESCRIBE_CONFIGS));
            }
            for (EventType<?> input : access.reads()) {
                bindings.add(
                        allow(ResourceType.TOPIC, input.topic(), PatternType.LITERAL, principal, AclOperation.READ));
                bindings.add(allow(
                        ResourceType.TOPIC,
                        input.deadLetterTopic(),
                        PatternType.LITERAL,
                        principal,
                        AclOperation.WRITE));
            }
            for (EventType<?> output : access.writes()) {
                // DESCRIBE_CONFIGS: the outbox reads each topic's max.message.bytes before sending to it
                for (AclOperation operation : List.of(AclOperation.WRITE, AclOperation.DESCRIBE_CONFIGS)) {
                    bindings.add(allow(ResourceType.TOPIC, output.topic(), PatternType.LITERAL, principal, operation));
                }
            }
            if (access.readsDeadLetters()) {
                for (EventType<?> type : EventType.ALL) {
                    bindings.add(allow(
                            ResourceType.TOPIC,
                            type.deadLetterTopic(),
                            PatternType.LITERAL,
                            principal,
                            AclOperation.READ));
                }
            }
            if (access.everything() || !access.reads().isEmpty()) {
                // its consumer groups: <name>, <name>-peer, <name>-whatever
                bindings.add(allow(ResourceType.GROUP, name, PatternType.PREFIXED, principal, AclOperation.READ));
            }
        });
        return bindings;
    }

    private static AclBinding allow(
            ResourceType type, String name, PatternType pattern, String principal, AclOperation operation) {
        return new AclBinding(
                new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }
}
