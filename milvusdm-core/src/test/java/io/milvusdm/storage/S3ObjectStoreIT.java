package io.milvusdm.storage;

import io.milvusdm.testing.TestEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** S3ObjectStore against a real S3-compatible server: S3Proxy 4.1.0 as scripts/test starts it (scripts/s3-local). */
class S3ObjectStoreIT {

    private final List<ObjectStore> stores = new ArrayList<>();

    @AfterEach
    void closeStores() throws IOException {
        for (ObjectStore store : stores) {
            store.close();
        }
    }

    @Test
    void largeObjectsRoundTripThroughMultipartAndRangedReads() throws IOException {
        ObjectStore store = newStore(freshBucket(), "dump/run-1", TestEnvironment.s3SecretKey());
        store.check(true);
        byte[] data = new byte[(int) (13.5 * (1 << 20))]; // three 5 MiB parts at the smallest part size
        new Random(11).nextBytes(data);
        try (OutputStream out = store.create("coll/part-00001.parquet")) {
            for (int offset = 0; offset < data.length; offset += 777_777) {
                out.write(data, offset, Math.min(777_777, data.length - offset));
            }
        }
        assertThat(store.size("coll/part-00001.parquet")).isEqualTo(data.length);
        assertThat(store.list("coll/")).containsExactly(new ObjectStore.ObjectInfo("coll/part-00001.parquet",
                data.length));
        try (InputStream in = store.open("coll/part-00001.parquet")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        long[][] ranges = {{0, 10}, {(5 << 20) - 3, 7}, {data.length - 100, 100}, {1234567, 3 << 20}};
        for (long[] range : ranges) {
            try (InputStream in = store.open("coll/part-00001.parquet", range[0], range[1])) {
                byte[] expected = java.util.Arrays.copyOfRange(data, (int) range[0], (int) (range[0] + range[1]));
                assertThat(in.readAllBytes()).as("bytes %d+%d", range[0], range[1]).isEqualTo(expected);
            }
        }
        try (S3Client raw = rawClient()) {
            String etag = raw.headObject(b -> b.bucket(bucketOf(store)).key("dump/run-1/coll/part-00001.parquet"))
                    .eTag();
            assertThat(etag).as("a multipart object's ETag ends in -<parts>").endsWith("-3\"");
        }
    }

    @Test
    void smallObjectsAndEmptyObjectsAreOnePut() throws IOException {
        ObjectStore store = newStore(freshBucket(), "", TestEnvironment.s3SecretKey());
        store.check(true);
        try (OutputStream out = store.create("manifest.json")) {
            out.write("{\"files\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        store.create("empty").close();
        assertThat(store.size("empty")).isZero();
        try (InputStream in = store.open("manifest.json")) {
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{\"files\":[]}");
        }
        assertThat(store.exists("manifest.json")).isTrue();
        store.delete("manifest.json");
        store.delete("manifest.json");
        assertThat(store.exists("manifest.json")).isFalse();
        assertThatThrownBy(() -> store.open("manifest.json"))
                .isInstanceOf(ObjectStoreException.class)
                .hasMessage("no object 'manifest.json' in " + store.describe());
        assertThatThrownBy(() -> store.open("manifest.json", 3, 5))
                .isInstanceOf(ObjectStoreException.class)
                .hasMessage("no object 'manifest.json' in " + store.describe());
    }

    @Test
    void listingFollowsContinuationPastAThousandKeys() throws Exception {
        ObjectStore store = newStore(freshBucket(), "many", TestEnvironment.s3SecretKey());
        store.check(true);
        int count = 1003;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String key = String.format(Locale.ROOT, "part-%05d.npy", i);
                writes.add(pool.submit(() -> {
                    try (OutputStream out = store.create(key)) {
                        out.write(key.length());
                    }
                    return null;
                }));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            pool.shutdownNow();
        }
        store.create("other/x").close();
        List<ObjectStore.ObjectInfo> parts = store.list("part-");
        assertThat(parts).hasSize(count);
        assertThat(parts.get(0).key()).isEqualTo("part-00000.npy");
        assertThat(parts.get(count - 1).key()).isEqualTo("part-01002.npy");
        assertThat(parts).allMatch(info -> info.size() == 1);
        assertThat(store.list("")).hasSize(count + 1);
    }

    @Test
    void anAbortedUploadLeavesNothingUnderTheKeyNorAPendingUpload() throws IOException {
        ObjectStore store = newStore(freshBucket(), "p", TestEnvironment.s3SecretKey());
        store.check(true);
        try (OutputStream out = store.create("keep")) {
            out.write(1);
        }
        OutputStream out = store.create("half.parquet");
        out.write(new byte[6 << 20]); // one part is on the server already
        ((AbortableOutputStream) out).abort();
        out.close();
        assertThat(store.exists("half.parquet")).isFalse();
        assertThat(store.list("")).extracting(ObjectStore.ObjectInfo::key).containsExactly("keep");
        try (S3Client raw = rawClient()) {
            assertThat(raw.listMultipartUploads(b -> b.bucket(bucketOf(store))).uploads()).isEmpty();
        }
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(ObjectStoreException.class)
                .hasMessageContaining("'half.parquet' is already closed or aborted");
    }

    @Test
    void aWrongSecretIsAClearErrorThatNamesEndpointAndBucketButNotTheSecret() throws IOException {
        String bucket = freshBucket();
        newStore(bucket, "", TestEnvironment.s3SecretKey()).check(true);
        String wrong = "wrong-secret-" + UUID.randomUUID();
        ObjectStore store = newStore(bucket, "", wrong);
        assertThatThrownBy(() -> store.check(false))
                .isInstanceOf(ObjectStoreException.class)
                .hasMessageStartingWith(endpoint() + " refused the credentials for bucket '" + bucket + "'")
                .hasMessageContaining("check the access key and secret key (ak, sk)")
                .satisfies(e -> assertThat(stackText(e)).doesNotContain(wrong));
        assertThat(store.toString()).doesNotContain(wrong);
        assertThatThrownBy(() -> store.list("")).hasMessageContaining("refused the credentials");
    }

    @Test
    void aMissingBucketIsAClearErrorAndCheckTrueCreatesIt() throws IOException {
        String bucket = freshBucket();
        ObjectStore store = newStore(bucket, "out", TestEnvironment.s3SecretKey());
        assertThatThrownBy(() -> store.check(false))
                .isInstanceOf(ObjectStoreException.class)
                .hasMessage("bucket '" + bucket + "' does not exist at " + endpoint()
                        + "; create it, or set checkBucket: true to have it created");
        assertThatThrownBy(() -> store.list(""))
                .hasMessageStartingWith("bucket '" + bucket + "' does not exist at " + endpoint());
        store.check(true);
        store.check(false);
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void anUnreachableEndpointIsAClearError() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ObjectStore store = S3ObjectStore.open(S3StoreOptions.of("127.0.0.1:" + port, null, "b", "", "ak",
                "sk-secret", false, false));
        stores.add(store);
        assertThatThrownBy(() -> store.check(false))
                .isInstanceOf(ObjectStoreException.class)
                .hasMessageStartingWith("cannot reach the S3 endpoint 127.0.0.1:" + port + " while checking bucket 'b'");
    }

    private ObjectStore newStore(String bucket, String prefix, String secret) {
        S3StoreOptions options = S3StoreOptions.of(endpoint(), "us-east-1", bucket, prefix,
                TestEnvironment.s3AccessKey(), secret, false, false).withPartBytes(S3StoreOptions.MIN_PART_BYTES);
        ObjectStore store = S3ObjectStore.open(options);
        stores.add(store);
        return store;
    }

    private static String endpoint() {
        return TestEnvironment.s3Endpoint();
    }

    private static String freshBucket() {
        return "it-" + UUID.randomUUID().toString().substring(0, 13).replace("-", "");
    }

    private static String bucketOf(ObjectStore store) {
        return ((S3ObjectStore) store).options().bucket();
    }

    private static S3Client rawClient() {
        return S3Client.builder().endpointOverride(URI.create(endpoint())).region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        TestEnvironment.s3AccessKey(), TestEnvironment.s3SecretKey())))
                .httpClientBuilder(software.amazon.awssdk.http.apache.ApacheHttpClient.builder())
                .build();
    }

    private static String stackText(Throwable e) {
        java.io.StringWriter text = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }
}
