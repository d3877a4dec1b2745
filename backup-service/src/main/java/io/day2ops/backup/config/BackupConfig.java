package io.day2ops.backup.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** backup-service's settings: {@code day2.backup.*} and {@code day2.storage.*}. */
@ConfigMapping(prefix = "day2")
public interface BackupConfig {

    Backup backup();

    Storage storage();

    Restore restore();

    /** How restores run. */
    interface Restore {
        /** Create/patch requests in flight at once within one resource (resources go one after another, in order). */
        @WithDefault("8")
        int concurrency();
    }

    /** How backups are captured. */
    interface Backup {
        /** How long a backup is kept when its request names no {@code ttl} (Velero's default, 30 days). */
        @WithDefault("720h")
        String defaultTtl();

        /** Resource kinds listed at the same time during one backup. */
        @WithDefault("4")
        int concurrency();

        /** Objects per list request ({@code limit}); lists are paged with {@code continue}. */
        @WithDefault("500")
        int pageSize();

        /**
         * A single master key (256 bits, base64): a keyring of one, under the id its sha256 gives (what backups before
         * the keyring recorded). Prefer {@link #keys()}.
         */
        Optional<String> encryptionKey();

        /**
         * The keyring: master keys (256 bits, base64) by id. Every backup gets a random data key, wrapped by the
         * active master key into its {@code keys.json}; Secret documents and the etcd snapshot are encrypted with it.
         */
        Map<String, String> keys();

        /** The id of the master key new backups' data keys are wrapped with; may be omitted with one key. */
        Optional<String> activeKey();

        /**
         * Store backups unencrypted (for people who encrypt the bucket themselves): without a key the service refuses
         * to start unless this is set, and says so at every start when it is.
         */
        @WithDefault("false")
        boolean allowPlaintext();

        /** Hook commands and outputs in events, logs and the manifest. */
        Hooks hooks();

        /** The fleet catalogue (what every backup holds, per object). */
        Catalog catalog();

        /**
         * Whether every etcd snapshot is restored into a scratch etcd on loopback right after it is taken, and its
         * revision and key count compared with what was recorded ({@code SnapshotTaken.etcd.verified}). Needs
         * {@code etcd} and {@code etcdutl} (or {@code etcdctl}) on the PATH.
         */
        @WithDefault("true")
        boolean verifyEtcdSnapshots();

        /** How long one etcd snapshot's verification may take. */
        @WithDefault("60s")
        Duration etcdVerifyTimeout();

        /** How often expired backups are looked for and deleted. */
        @WithDefault("10m")
        Duration gcInterval();
    }

    /** The fleet catalogue. */
    interface Catalog {
        /**
         * How many objects of one backup the catalogue indexes at most (GET /catalog/objects finds them); past it the
         * backup log warns and the rest are in the backup only.
         */
        @WithDefault("200000")
        int maxObjects();
    }

    /** Where backups are written. */
    /** What of a hook may be published. */
    interface Hooks {
        /**
         * Whether backup and restore hooks run. They need {@code pods/exec}; {@code k8s/} sets this false unless its
         * backup-hooks component is added. Off, a declared hook ends {@code Failed} saying so (its {@code onError}
         * decides what that does to the backup or restore).
         */
        @WithDefault("true")
        boolean enabled();
        /**
         * Java regular expressions added to the built-in redaction patterns (password-, token- and key-like
         * arguments, {@code -p<password>}, URL credentials, bearer tokens); a named group {@code secret} is what is
         * masked, else the whole match. Indexed: {@code redact-patterns[0]=…}.
         */
        Optional<List<String>> redactPatterns();

        /**
         * The longest any hook may run, whatever its own {@code timeout} asks: a hook asking more is stopped at this
         * and ends {@code TimedOut} saying it was capped.
         */
        @WithDefault("30m")
        Duration maxTimeout();
    }

    interface Storage {
        /** The location a backup goes to when its request names none. */
        @WithDefault("default")
        String defaultLocation();

        /** Storage locations by name. */
        Map<String, Location> locations();

        /**
         * How often each replica leaves its marker in every filesystem location and looks for the other replicas'
         * markers there: a location where it misses one is not shared, and backups to it are refused.
         */
        @WithDefault("30s")
        java.time.Duration sharedCheckInterval();
    }

    /** One storage location. */
    interface Location {
        /** {@code filesystem} or {@code s3}. */
        @WithDefault("filesystem")
        String type();

        /** For {@code filesystem}: the folder holding one sub-folder per backup. */
        Optional<String> path();

        /** {@code ReadWrite}, or {@code ReadOnly} for a location this service only restores from. */
        @WithDefault("ReadWrite")
        String accessMode();

        /** For {@code s3}: the bucket. */
        Optional<String> bucket();

        /** For {@code s3}: a key prefix inside the bucket. */
        Optional<String> prefix();

        /** For {@code s3}: the endpoint of an S3-compatible store; absent means AWS. */
        Optional<String> endpoint();

        /** For {@code s3}: the region. */
        @WithDefault("us-east-1")
        String region();

        /** For {@code s3}: path-style addressing (most S3-compatible stores need it). */
        @WithDefault("true")
        boolean pathStyle();

        /** For {@code s3}: the access key; absent means the AWS default credentials chain. */
        Optional<String> accessKey();

        /** For {@code s3}: the secret key. */
        Optional<String> secretKey();

        /**
         * For {@code s3}: how long a call may wait for a connection, or go without a byte from the store, before it
         * fails naming this setting (a large part still uploads as long as bytes flow).
         */
        @WithDefault("60s")
        Duration timeout();

        /**
         * The VolumeSnapshotClass that snapshots volumes for backups to this location, for claims whose CSI driver it
         * serves (Velero's per-location snapshot class); absent means the driver's default class.
         */
        Optional<String> volumeSnapshotClass();
    }
}
