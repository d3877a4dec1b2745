package io.day2ops.upgrade.domain;

import java.time.Instant;

/**
 * The newest Completed backup of a cluster, as its {@code SnapshotTaken} said.
 *
 * @param name the backup's name
 * @param dataTimestamp when its data was read
 */
public record KnownBackup(String name, Instant dataTimestamp) {}
