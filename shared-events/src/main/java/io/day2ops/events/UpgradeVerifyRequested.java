package io.day2ops.events;

/**
 * Asks upgrade-service to check an upgrade after the upgrader ran: the control plane and every kubelet at the target
 * minor, workloads available, no check failing that passed at the gate. Answered by {@code UpgradeVerified}.
 *
 * @param name the upgrade request's name (the one {@code UpgradeReady} answered); may be sent again, e.g. after the
 *     last kubelets were upgraded
 * @param cluster the upgraded cluster
 * @param uncordon whether nodes the upgrade drained are uncordoned once the verification passes (default true)
 */
public record UpgradeVerifyRequested(String name, String cluster, Boolean uncordon) implements Day2Event {

    @Override
    public String subject() {
        return name;
    }
}
