package io.milvusdm.storage;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3StoreOptionsTest {

    @Test
    void theSecretNeverShowsInToStringOrDescribe() {
        S3StoreOptions options = S3StoreOptions.of("minio:9000", null, "a-bucket", "/output/", "minioadmin",
                "s3cr3t-value", false, false);
        assertThat(options.toString()).doesNotContain("s3cr3t-value").contains("secret ***", "s3://a-bucket/output");
        try (S3ObjectStore store = S3ObjectStore.open(options)) {
            assertThat(store.describe()).isEqualTo("s3://a-bucket/output");
            assertThat(store.toString()).doesNotContain("s3cr3t-value");
        }
    }

    @Test
    void endpointsTakeTheSchemeUseSslImplies() {
        assertThat(S3StoreOptions.of("0.0.0.0:9000", null, "b", "", "a", "s", false, false).endpointUri())
                .isEqualTo(URI.create("http://0.0.0.0:9000"));
        assertThat(S3StoreOptions.of("s3.example.com", null, "b", "", "a", "s", false, true).endpointUri())
                .isEqualTo(URI.create("https://s3.example.com"));
        assertThat(S3StoreOptions.of("http://127.0.0.1:18080", null, "b", "", "a", "s", false, true).endpointUri())
                .isEqualTo(URI.create("http://127.0.0.1:18080"));
        assertThat(S3StoreOptions.of(null, "eu-west-1", "b", "", null, null, true, true).endpointUri()).isNull();
    }

    @Test
    void missingCredentialsAndTinyPartsAreRefused() {
        assertThatThrownBy(() -> S3StoreOptions.of("h:1", null, "b", "", "ak", null, false, false))
                .hasMessage("S3 bucket 'b' needs an access key and a secret key (ak, sk), or useIAM: true");
        assertThatThrownBy(() -> S3StoreOptions.of("h:1", null, "b", "", "ak", "sk", false, false).withPartBytes(1 << 20))
                .hasMessage("S3 part size must be at least 5 MiB, got 1048576");
    }

    @Test
    void partsDoubleEveryThousandSoTenThousandPartsHoldAnyObject() {
        long base = S3StoreOptions.DEFAULT_PART_BYTES;
        assertThat(S3Upload.partBytes(base, 0)).isEqualTo(base);
        assertThat(S3Upload.partBytes(base, 999)).isEqualTo(base);
        assertThat(S3Upload.partBytes(base, 1000)).isEqualTo(2 * base);
        assertThat(S3Upload.partBytes(base, 2500)).isEqualTo(4 * base);
        assertThat(S3Upload.partBytes(base, 9999)).isEqualTo(Integer.MAX_VALUE - 8).isLessThan(5L << 30);
        long total = 0;
        for (int done = 0; done < 10_000; done++) {
            total += S3Upload.partBytes(base, done);
        }
        assertThat(total).as("bytes 10,000 parts hold").isGreaterThan(1L << 40);
    }
}
