package io.milvusdm.storage;

import java.net.URI;
import java.util.Objects;

/**
 * Where an {@link S3ObjectStore} points and how it signs in: milvus-migration's {@code remote} section
 * ({@code endpoint, region, bucket, ak, sk, useIAM, useSSL}) plus the object prefix and the upload part size.
 * {@link #toString()} never shows the secret key.
 *
 * @param endpoint {@code host:port} or a URL ({@code http://127.0.0.1:9000}); null for AWS's endpoint of the region
 * @param region the signing region; any value works for MinIO and S3Proxy ({@code us-east-1} when null)
 * @param bucket the bucket
 * @param prefix the folder inside the bucket every key is under ({@code ""} for the bucket's root); no leading '/'
 * @param accessKey the access key id ({@code ak}); null with {@code useIam}
 * @param secretKey the secret access key ({@code sk}); null with {@code useIam}
 * @param useIam take credentials from the default chain (environment, profile, instance or container role)
 *     instead of {@code ak}/{@code sk}
 * @param pathStyle address buckets as {@code endpoint/bucket/key} (MinIO, S3Proxy, most non-AWS stores) rather
 *     than {@code bucket.endpoint/key}
 * @param useSsl https for an endpoint given as {@code host:port}
 * @param partBytes the multipart upload's part size: the memory one open upload holds (at least 5 MiB, S3's
 *     minimum); it doubles every 1000 parts so that an object can outgrow S3's 10,000-part limit
 */
public record S3StoreOptions(String endpoint, String region, String bucket, String prefix, String accessKey,
                             String secretKey, boolean useIam, boolean pathStyle, boolean useSsl, long partBytes) {

    public static final long MIN_PART_BYTES = 5L << 20;
    public static final long DEFAULT_PART_BYTES = 8L << 20;

    public S3StoreOptions {
        Objects.requireNonNull(bucket, "bucket");
        if (bucket.isBlank()) {
            throw new IllegalArgumentException("the S3 bucket name is empty");
        }
        region = region == null || region.isBlank() ? "us-east-1" : region;
        prefix = normalizePrefix(prefix);
        if (!useIam && (accessKey == null || accessKey.isEmpty() || secretKey == null || secretKey.isEmpty())) {
            throw new IllegalArgumentException("S3 bucket '" + bucket + "' needs an access key and a secret key"
                    + " (ak, sk), or useIAM: true");
        }
        if (partBytes < MIN_PART_BYTES) {
            throw new IllegalArgumentException("S3 part size must be at least 5 MiB, got " + partBytes);
        }
    }

    /** Options with the usual defaults: path-style addressing when an endpoint is given, 8 MiB parts. */
    public static S3StoreOptions of(String endpoint, String region, String bucket, String prefix, String accessKey,
                                    String secretKey, boolean useIam, boolean useSsl) {
        return new S3StoreOptions(endpoint, region, bucket, prefix, accessKey, secretKey, useIam, endpoint != null,
                useSsl, DEFAULT_PART_BYTES);
    }

    public S3StoreOptions withPrefix(String newPrefix) {
        return new S3StoreOptions(endpoint, region, bucket, newPrefix, accessKey, secretKey, useIam, pathStyle,
                useSsl, partBytes);
    }

    public S3StoreOptions withSecretKey(String newSecretKey) {
        return new S3StoreOptions(endpoint, region, bucket, prefix, accessKey, newSecretKey, useIam, pathStyle,
                useSsl, partBytes);
    }

    public S3StoreOptions withPartBytes(long bytes) {
        return new S3StoreOptions(endpoint, region, bucket, prefix, accessKey, secretKey, useIam, pathStyle,
                useSsl, bytes);
    }

    /** The endpoint as a URI, with the scheme {@code useSsl} implies when it has none; null for AWS's own. */
    public URI endpointUri() {
        if (endpoint == null || endpoint.isBlank()) {
            return null;
        }
        String text = endpoint.contains("://") ? endpoint : (useSsl ? "https://" : "http://") + endpoint;
        try {
            URI uri = URI.create(text);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("S3 endpoint '" + endpoint + "' has no host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("S3 endpoint '" + endpoint + "' is not host:port or a URL", e);
        }
    }

    /** {@code s3://bucket/prefix}: for messages. */
    public String location() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    @Override
    public String toString() {
        return "S3StoreOptions[" + location() + ", endpoint=" + (endpoint == null ? "aws" : endpoint) + ", region="
                + region + ", credentials=" + (useIam ? "default chain" : "access key " + accessKey + ", secret ***")
                + ", pathStyle=" + pathStyle + ", ssl=" + useSsl + ", partBytes=" + partBytes + "]";
    }

    private static String normalizePrefix(String prefix) {
        if (prefix == null) {
            return "";
        }
        String p = prefix.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
