package io.day2ops.backup.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The master keys that wrap backups' data keys: {@code day2.backup.keys.<id>} (base64, 256 bits), the one new backups
 * use named by {@code day2.backup.active-key}. The older single {@code day2.backup.encryption-key} is a key of the
 * ring too, under the id earlier backups recorded (the first 16 hex digits of its sha256). Master keys come from
 * configuration (a file or a Kubernetes Secret today). A KMS would replace it behind {@link MasterKeys}: wrap and
 * unwrap are the only operations that need a master key.
 */
public final class Keyring implements MasterKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, byte[]> keys;
    private final String active;

    private Keyring(Map<String, byte[]> keys, String active) {
        this.keys = Map.copyOf(keys);
        this.active = active;
    }

    /**
     * The keyring of the configuration.
     *
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    public static Keyring configured(Map<String, String> keys, Optional<String> active, Optional<String> legacy) {
        Map<String, byte[]> ring = new TreeMap<>();
        keys.forEach((id, base64) -> ring.put(id, decode(base64, "day2.backup.keys." + id)));
        String legacyId = null;
        if (legacy.isPresent()) {
            byte[] key = decode(legacy.get(), "day2.backup.encryption-key");
            legacyId = idOf(key);
            ring.putIfAbsent(legacyId, key);
        }
        String activeId = active.orElse(
                legacyId != null
                        ? legacyId
                        : ring.size() == 1 ? ring.keySet().iterator().next() : null);
        if (activeId == null && !ring.isEmpty()) {
            throw new IllegalArgumentException("day2.backup.keys has " + ring.size() + " keys " + ring.keySet()
                    + "; name the one new backups use with day2.backup.active-key");
        }
        if (activeId != null && !ring.containsKey(activeId)) {
            throw new IllegalArgumentException("day2.backup.active-key is '" + activeId
                    + "', which is not in the keyring " + ring.keySet() + " (day2.backup.keys.<id>)");
        }
        return new Keyring(ring, activeId);
    }

    /** Identifies a key without revealing it: the first 16 hex digits of its sha256. */
    public static String idOf(byte[] key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key))
                    .substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A base64 256-bit key; the message names {@code setting} when it is not one. */
    public static byte[] decode(String base64, String setting) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " is not base64: " + e.getMessage());
        }
        if (key.length != 32) {
            throw new IllegalArgumentException(setting + " must be 32 bytes (256 bits) in base64, it is " + key.length
                    + " bytes; generate one with: head -c 32 /dev/urandom | base64");
        }
        return key;
    }

    @Override
    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** The id of the key new backups are wrapped with; null for an empty ring. */
    @Override
    public String activeId() {
        return active;
    }

    /** Every key's id. */
    @Override
    public List<String> ids() {
        return keys.keySet().stream().sorted().toList();
    }

    /** A master key itself, for backups written before envelope encryption (their Secrets sealed with it directly). */
    public Optional<SecretKey> key(String id) {
        return Optional.ofNullable(keys.get(id)).map(k -> new SecretKeySpec(k, "AES"));
    }

    /** A fresh random data key. */
    public static byte[] newDataKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    /** Wraps {@code dataKey} with key {@code id}, bound to {@code context}. */
    @Override
    public DataKey wrap(byte[] dataKey, String context, String id) {
        try {
            byte[] sealed = AesGcm.seal(
                    new SecretKeySpec(keys.get(id), "AES"), context.getBytes(StandardCharsets.UTF_8), dataKey);
            return new DataKey(id, Base64.getEncoder().encodeToString(sealed));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not wrap a data key with key " + id, e);
        }
    }

    /**
     * Unwraps the data key from the first wrap whose master key is in the ring.
     *
     * @throws KeyUnavailableException when none is, naming the keys that would do
     * @throws IllegalArgumentException when the wrap does not open: altered, or moved from another backup
     */
    @Override
    public byte[] unwrap(List<DataKey> wrapped, String context) {
        for (DataKey dataKey : wrapped) {
            byte[] master = keys.get(dataKey.keyId());
            if (master == null) {
                continue;
            }
            byte[] sealed = Base64.getDecoder().decode(dataKey.wrapped());
            try {
                return AesGcm.open(new SecretKeySpec(master, "AES"), context.getBytes(StandardCharsets.UTF_8), sealed);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("the data key wrapped by key " + dataKey.keyId()
                        + " does not open for " + context + ": keys.json was altered or moved from another backup");
            }
        }
        throw new KeyUnavailableException("needs master key "
                + wrapped.stream().map(DataKey::keyId).collect(Collectors.joining(" or "))
                + ", which the keyring " + ids() + " does not hold (day2.backup.keys.<id>)");
    }
}
