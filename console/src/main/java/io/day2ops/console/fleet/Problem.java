package io.day2ops.console.fleet;

/**
 * Something about a cluster's recoverability someone should act on.
 *
 * @param health how bad it is
 * @param what what is wrong, in words ("last good backup is 30h old; its objective is 24h")
 * @param remedy what to do about it, or null
 */
public record Problem(Health health, String what, String remedy) {}
