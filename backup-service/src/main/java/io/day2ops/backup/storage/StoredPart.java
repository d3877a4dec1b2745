package io.day2ops.backup.storage;

/**
 * One part of a backup as stored, listed in its {@code manifest.json}.
 *
 * @param path the part's path inside the backup, e.g. {@code resources/deployments.apps.tar.gz}
 * @param size its size in bytes
 * @param sha256 the hex sha256 of its bytes
 */
public record StoredPart(String path, long size, String sha256) {}
