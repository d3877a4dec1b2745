package io.day2ops.backup.storage;

import io.day2ops.backup.config.BackupConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A storage location in an S3-compatible bucket: {@code s3://<bucket>/<prefix>/<backup>/<part>}. A part is spooled to
 * a temporary file while written (memory stays flat, whatever its size) and uploaded when its stream is closed, so it
 * appears whole or not at all.
 */
public final class S3Location implements StorageLocation {

    private final String name;
    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final boolean readOnly;
    private final java.time.Duration timeout;

    S3Location(String name, S3Client s3, String bucket, String prefix, boolean readOnly, java.time.Duration timeout) {
        this.timeout = timeout;
        this.name = name;
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix == null || prefix.isBlank() ? "" : prefix.replaceAll("^/+|/+$", "") + "/";
        this.readOnly = readOnly;
    }

    /** A location from {@code day2.storage.locations.<name>.*}. */
    static S3Location create(String name, BackupConfig.Location settings, boolean readOnly) {
        String bucket = settings.bucket()
                .orElseThrow(() -> new IllegalArgumentException(
                        "day2.storage.locations." + name + ".bucket is required for an s3 location"));
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(settings.timeout())
                        .socketTimeout(settings.timeout())
                        .build())
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                // The SDK's default CRC32 trailers (2.30+) are not understood by many S3-compatible stores; the
                // parts carry their own sha256 in the manifest anyway.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        settings.endpoint().ifPresent(endpoint -> builder.endpointOverride(URI.create(endpoint)));
        if (settings.accessKey().isPresent()) {
            builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    settings.accessKey().get(),
                    settings.secretKey()
                            .orElseThrow(() -> new IllegalArgumentException(
                                    "day2.storage.locations." + name + ".secret-key is required with .access-key")))));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return new S3Location(
                name, builder.build(), bucket, settings.prefix().orElse(""), readOnly, settings.timeout());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    @Override
    public String uri(String backup) {
        return "s3://" + bucket + "/" + prefix + StorageLocation.checkedPart(backup) + "/";
    }

    @Override
    public OutputStream create(String backup, String part) throws IOException {
        String key = key(backup, part);
        Path spool = Files.createTempFile("day2-part", ".spool");
        return new CommitOnClose(Files.newOutputStream(spool), () -> {
            try {
                s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromFile(spool));
            } catch (SdkException e) {
                throw new IOException("could not upload s3://" + bucket + "/" + key + ": " + describe(e), e);
            } finally {
                Files.deleteIfExists(spool);
            }
        });
    }

    @Override
    public InputStream open(String backup, String part) throws IOException {
        String key = key(backup, part);
        InputStream in;
        try {
            in = s3.getObject(r -> r.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException("s3://" + bucket + "/" + key);
        } catch (SdkException e) {
            throw new IOException("could not read s3://" + bucket + "/" + key + ": " + describe(e), e);
        }
        // a store that stops sending mid-object fails the read naming the setting, not just "Read timed out"
        return new java.io.FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (java.net.SocketTimeoutException e) {
                    throw stalled(key, e);
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (java.net.SocketTimeoutException e) {
                    throw stalled(key, e);
                }
            }
        };
    }

    @Override
    public void delete(String backup) throws IOException {
        String folder = prefix + StorageLocation.checkedPart(backup) + "/";
        try {
            // One DeleteObject per part (a backup has tens): the batch DeleteObjects call needs a checksum header
            // that several S3-compatible stores (s3proxy among them) do not implement.
            for (S3Object object : s3.listObjectsV2Paginator(
                            r -> r.bucket(bucket).prefix(folder))
                    .contents()) {
                s3.deleteObject(r -> r.bucket(bucket).key(object.key()));
            }
        } catch (SdkException e) {
            throw new IOException("could not delete s3://" + bucket + "/" + folder + ": " + describe(e), e);
        }
    }

    private IOException stalled(String key, java.net.SocketTimeoutException e) {
        return new IOException("could not read s3://" + bucket + "/" + key + ": no byte for " + setting(), e);
    }

    /** The SDK's message, and when the store did not answer in time, which setting bounded the wait. */
    private String describe(SdkException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.SocketTimeoutException
                    || cause instanceof software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException) {
                return "no answer for " + setting() + ": " + e.getMessage();
            }
        }
        return e.getMessage();
    }

    private String setting() {
        return timeout.toString().substring(2).toLowerCase(java.util.Locale.ROOT) + " (day2.storage.locations." + name
                + ".timeout)";
    }

    private String key(String backup, String part) {
        return prefix + StorageLocation.checkedPart(backup) + "/" + StorageLocation.checkedPart(part);
    }

    @Override
    public String toString() {
        return "s3 location " + name + " at s3://" + bucket + "/" + prefix;
    }
}
