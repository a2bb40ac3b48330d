package io.milvusdm.storage;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * An {@link ObjectStore} under a prefix of an S3-compatible bucket (AWS S3, MinIO, S3Proxy, Ceph, ...), through the
 * AWS SDK v2 and its Apache HTTP client (the URLConnection client failed PUTs now and then against S3Proxy with
 * "Error writing request body to server" on every retry).
 *
 * <ul>
 *   <li>{@link #create} streams with a multipart upload: memory is one part per open object
 *       ({@link S3StoreOptions#partBytes()}, 8 MiB by default); a failed or aborted upload is aborted on the server,
 *       so nothing appears under the key.</li>
 *   <li>{@link #open} reads a byte range with one ranged GET, streamed.</li>
 *   <li>{@link #list} follows continuation tokens (1000 keys a page).</li>
 *   <li>{@link #check} is milvus-migration's {@code checkBucket}: the bucket must exist (or is created), and the
 *       credentials must be allowed to list, write and delete under the prefix.</li>
 * </ul>
 *
 * <p>Payload checksums are sent and checked only where S3 requires them (the SDK's default since 2.30 adds CRC32
 * trailers that many S3-compatible servers reject). Errors name the endpoint, bucket and key, never the secret key.
 * Thread-safe: the SDK client is.
 */
public final class S3ObjectStore implements ObjectStore {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SOCKET_TIMEOUT = Duration.ofMinutes(2);

    private final S3StoreOptions options;
    private final S3Client s3;
    private final S3Errors errors;

    private S3ObjectStore(S3StoreOptions options, S3Client s3) {
        this.options = options;
        this.s3 = s3;
        this.errors = new S3Errors(options);
    }

    /** Connects lazily: nothing is sent until the first operation ({@link #check} is a good first one). */
    public static S3ObjectStore open(S3StoreOptions options) {
        AwsCredentialsProvider credentials = options.useIam()
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(options.accessKey(), options.secretKey()));
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(options.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(options.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT));
        URI endpoint = options.endpointUri();
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return new S3ObjectStore(options, builder.build());
    }

    public S3StoreOptions options() {
        return options;
    }

    @Override
    public String describe() {
        return options.location();
    }

    @Override
    public void check(boolean createIfMissing) throws IOException {
        try {
            s3.headBucket(b -> b.bucket(options.bucket()));
        } catch (SdkException e) {
            if (!S3Errors.isNotFound(e) && !S3Errors.isNoSuchBucket(e)) {
                throw errors.translate("checking bucket '" + options.bucket() + "'", e);
            }
            if (!createIfMissing) {
                throw new ObjectStoreException("bucket '" + options.bucket() + "' does not exist at "
                        + endpointName() + "; create it, or set checkBucket: true to have it created");
            }
            createBucket();
        }
        String probe = fullKey(".milvusdm-check-" + UUID.randomUUID());
        try {
            s3.listObjectsV2(b -> b.bucket(options.bucket()).prefix(prefixRoot()).maxKeys(1));
            s3.putObject(b -> b.bucket(options.bucket()).key(probe), RequestBody.fromBytes(new byte[0]));
            s3.deleteObject(b -> b.bucket(options.bucket()).key(probe));
        } catch (SdkException e) {
            throw errors.translate("checking that " + describe() + " can be listed, written and deleted", e);
        }
    }

    private void createBucket() throws ObjectStoreException {
        try {
            s3.createBucket(b -> {
                b.bucket(options.bucket());
                // AWS wants the region spelled out everywhere but us-east-1; other servers ignore it
                if (options.endpoint() == null && !options.region().equals("us-east-1")) {
                    b.createBucketConfiguration(c -> c.locationConstraint(options.region()));
                }
            });
        } catch (SdkException e) {
            throw errors.translate("creating bucket '" + options.bucket() + "'", e);
        }
    }

    @Override
    public OutputStream create(String key) throws IOException {
        return new S3Upload(s3, errors, options.bucket(), fullKey(key), key, options.partBytes());
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("invalid range " + offset + "+" + length + " of '" + key + "'");
        }
        if (length == 0) {
            size(key); // a missing key still fails
            return new ByteArrayInputStream(new byte[0]);
        }
        String range = "bytes=" + offset + "-" + (offset + length - 1);
        try {
            ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(options.bucket())
                    .key(fullKey(key)).range(range));
            return new RangeStream(in, key, offset, length);
        } catch (SdkException e) {
            if (S3Errors.isNotFound(e) && !S3Errors.isNoSuchBucket(e)) {
                throw new ObjectStoreException("no object '" + key + "' in " + describe());
            }
            throw errors.translate("reading '" + key + "' (" + range + ")", e);
        }
    }

    @Override
    public long size(String key) throws IOException {
        try {
            return s3.headObject(b -> b.bucket(options.bucket()).key(fullKey(key))).contentLength();
        } catch (SdkException e) {
            if (S3Errors.isNotFound(e)) {
                throw new ObjectStoreException("no object '" + key + "' in " + describe());
            }
            throw errors.translate("reading the size of '" + key + "'", e);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        try {
            s3.headObject(b -> b.bucket(options.bucket()).key(fullKey(key)));
            return true;
        } catch (SdkException e) {
            if (S3Errors.isNotFound(e)) {
                return false;
            }
            throw errors.translate("looking for '" + key + "'", e);
        }
    }

    @Override
    public List<ObjectInfo> list(String prefix) throws IOException {
        String root = prefixRoot();
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(options.bucket())
                .prefix(root + prefix).build();
        List<ObjectInfo> objects = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(request).contents()) {
                objects.add(new ObjectInfo(object.key().substring(root.length()), object.size()));
            }
        } catch (SdkException e) {
            throw errors.translate("listing '" + prefix + "'", e);
        }
        objects.sort(Comparator.comparing(ObjectInfo::key));
        return objects;
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            s3.deleteObject(b -> b.bucket(options.bucket()).key(fullKey(key)));
        } catch (SdkException e) {
            if (!S3Errors.isNotFound(e)) {
                throw errors.translate("deleting '" + key + "'", e);
            }
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    @Override
    public String toString() {
        return "S3ObjectStore[" + options + "]";
    }

    private String endpointName() {
        return options.endpoint() == null ? "AWS S3 (" + options.region() + ")" : options.endpoint();
    }

    private String prefixRoot() {
        return options.prefix().isEmpty() ? "" : options.prefix() + "/";
    }

    private String fullKey(String key) {
        if (key.isEmpty() || key.startsWith("/")) {
            throw new IllegalArgumentException("object key '" + key + "' must be relative and not empty");
        }
        return prefixRoot() + key;
    }

    /**
     * A ranged GET's body; a short body (the object changed or was cut) fails naming the key and offset. Closed
     * before its end, it aborts the connection rather than let the HTTP client drain the rest of the range (a
     * Parquet reader opens the rest of the object at each seek and reads only a column chunk of it).
     */
    private final class RangeStream extends FilterInputStream {
        private final ResponseInputStream<GetObjectResponse> response;
        private final String key;
        private final long end;
        private long position;

        RangeStream(ResponseInputStream<GetObjectResponse> in, String key, long offset, long length) {
            super(in);
            this.response = in;
            this.key = key;
            this.position = offset;
            this.end = offset + length;
        }

        @Override
        public void close() throws IOException {
            if (position < end) {
                response.abort();
            }
            super.close();
        }

        @Override
        public int read() throws IOException {
            int b = call(() -> super.read());
            if (b >= 0) {
                position++;
            } else {
                checkComplete();
            }
            return b;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            int n = call(() -> super.read(bytes, offset, length));
            if (n > 0) {
                position += n;
            } else if (n < 0) {
                checkComplete();
            }
            return n;
        }

        private void checkComplete() throws ObjectStoreException {
            if (position < end) {
                throw new ObjectStoreException("object '" + key + "' in " + describe() + " ended at byte " + position
                        + ", expected bytes up to " + end);
            }
        }

        private int call(IoCall read) throws IOException {
            try {
                return read.call();
            } catch (SdkException e) {
                throw errors.translate("reading '" + key + "' at byte " + position, e);
            }
        }
    }

    @FunctionalInterface
    private interface IoCall {
        int call() throws IOException;
    }
}
