package io.day2ops.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * backup-service storage locations on a real S3 server (s3proxy): "s3" (ReadWrite, bucket {@value #BUCKET}, prefix
 * {@code clusters}) and "s3-dr" (the same prefix, ReadOnly, as a standby site that only restores would see it).
 */
public class S3Locations implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "day2-backups";

    private LocalS3 s3;

    @Override
    public Map<String, String> start() {
        s3 = LocalS3.start(Path.of("target/s3proxy/s3proxy.jar"), BUCKET);
        Map<String, String> config = new HashMap<>();
        for (String location : new String[] {"s3", "s3-dr"}) {
            String p = "day2.storage.locations." + location + ".";
            config.put(p + "type", "s3");
            config.put(p + "bucket", BUCKET);
            config.put(p + "prefix", "clusters");
            config.put(p + "endpoint", s3.endpoint());
            config.put(p + "access-key", LocalS3.IDENTITY);
            config.put(p + "secret-key", LocalS3.CREDENTIAL);
        }
        config.put("day2.storage.locations.s3-dr.access-mode", "ReadOnly");
        config.put("test.s3.object-dir", s3.objectFile(BUCKET, "").toString());
        return config;
    }

    @Override
    public void stop() {
        if (s3 != null) {
            s3.close();
        }
    }
}
