package io.milvusdm.milvus;

import io.milvus.grpc.InsertRequest;
import io.milvus.grpc.UpsertRequest;
import io.milvus.shaded.io.grpc.Metadata;
import io.milvusdm.milvus.MilvusItSupport.TestSplit;
import io.milvusdm.pipeline.WriteKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static io.milvusdm.milvus.MilvusItSupport.batch;
import static io.milvusdm.milvus.MilvusItSupport.floatSchema;
import static io.milvusdm.milvus.MilvusItSupport.ids;
import static io.milvusdm.milvus.MilvusItSupport.knownFloats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retries, credentials and headers, against a fake server that fails on cue. */
class MilvusSinkFakeServerTest {

    private static final RetryPolicy QUICK = new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(100));
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> DBNAME = Metadata.Key.of("dbname", Metadata.ASCII_STRING_MARSHALLER);

    private FakeMilvusServer fake;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeMilvusServer();
    }

    @AfterEach
    void stop() throws Exception {
        fake.close();
    }

    private MilvusSinkSpec spec(MilvusTarget target) {
        return new MilvusSinkSpec(target, "c", null, WriteMode.APPEND, null, null, false, null);
    }

    @Test
    void an_insert_answered_unavailable_twice_is_retried_and_lands_once_as_an_upsert() throws Exception {
        fake.mutationFailuresLeft.set(2);
        try (MilvusSink sink = MilvusSink.open(spec(MilvusTarget.of(fake.uri())), QUICK)) {
            sink.prepare(floatSchema(4, 3), false, -1);
            sink.write(batch(new TestSplit("s", 3), 0, ids(7, 3), 4, knownFloats(12, 1)), WriteKind.INSERT);
        }
        assertThat(fake.mutations).hasSize(1);
        // the lost attempts may have reached the server: the retry replaces rather than adds
        UpsertRequest upsert = (UpsertRequest) fake.mutations.get(0);
        assertThat(upsert.getNumRows()).isEqualTo(3);
        assertThat(upsert.getFieldsData(0).getScalars().getLongData().getDataList()).containsExactly(7L, 8L, 9L);
    }

    @Test
    void a_first_time_success_is_a_plain_insert() throws Exception {
        try (MilvusSink sink = MilvusSink.open(spec(MilvusTarget.of(fake.uri())), QUICK)) {
            sink.prepare(floatSchema(4, 3), false, -1);
            sink.write(batch(new TestSplit("s", 3), 0, ids(7, 3), 4, knownFloats(12, 1)), WriteKind.INSERT);
        }
        assertThat(fake.mutations).singleElement().isInstanceOf(InsertRequest.class);
    }

    @Test
    void an_outage_longer_than_the_retries_fails_with_the_operation_and_the_attempts() throws Exception {
        fake.mutationFailuresLeft.set(10);
        try (MilvusSink sink = MilvusSink.open(spec(MilvusTarget.of(fake.uri())), QUICK)) {
            sink.prepare(floatSchema(4, 3), false, -1);
            assertThatThrownBy(() -> sink.write(batch(new TestSplit("h5:0:a.h5:0+3", 3), 0, ids(7, 3), 4,
                    knownFloats(12, 1)), WriteKind.INSERT))
                    .isInstanceOfSatisfying(MilvusOperationException.class, e -> {
                        assertThat(e.kind()).isEqualTo(MilvusOperationException.Kind.TRANSIENT);
                        assertThat(e.grpcStatus()).isEqualTo("UNAVAILABLE");
                    })
                    .hasMessage("Insert into collection 'c' (split h5:0:a.h5:0+3, rows 0..2) failed after 3 attempts: "
                            + "UNAVAILABLE: fake outage");
        }
    }

    @Test
    void both_paths_send_the_sdk_headers_authorization_and_dbname() throws Exception {
        MilvusTarget target = new MilvusTarget(fake.uri(), "alice", "pa:ss", null, "db1", false, null, null, null, null);
        try (MilvusSink sink = MilvusSink.open(spec(target), QUICK)) {
            sink.prepare(floatSchema(4, 3), false, -1);
            sink.write(batch(new TestSplit("s", 3), 0, ids(7, 3), 4, knownFloats(12, 1)), WriteKind.INSERT);
        }
        String expected = Base64.getEncoder().encodeToString("alice:pa:ss".getBytes(StandardCharsets.UTF_8));
        assertThat(fake.headers).isNotEmpty().allSatisfy(h -> {
            assertThat(h.get(AUTHORIZATION)).isEqualTo(expected);
            assertThat(h.get(DBNAME)).isEqualTo("db1");
        });
        InsertRequest insert = (InsertRequest) fake.mutations.get(0);
        assertThat(insert.getDbName()).isEqualTo("db1");
    }

    @Test
    void a_token_is_sent_as_is_in_base64() throws Exception {
        MilvusTarget target = new MilvusTarget(fake.uri(), null, null, "api-key-123", null, false, null, null, null, null);
        try (MilvusSink sink = MilvusSink.open(spec(target), QUICK)) {
            assertThat(sink.serverVersion()).isEqualTo("v2.6.0-fake");
        }
        assertThat(fake.headers).allSatisfy(h -> {
            assertThat(h.get(AUTHORIZATION)).isEqualTo(Base64.getEncoder().encodeToString(
                    "api-key-123".getBytes(StandardCharsets.UTF_8)));
            assertThat(h.get(DBNAME)).isNull();
        });
    }

    @Test
    void wrong_credentials_fail_once_and_clearly_without_the_secret() {
        fake.requiredAuthorization = Base64.getEncoder().encodeToString("root:right".getBytes(StandardCharsets.UTF_8));
        MilvusTarget target = new MilvusTarget(fake.uri(), "root", "wrong-secret", null, null, false, null, null,
                null, null);

        assertThatThrownBy(() -> MilvusSink.open(spec(target), QUICK))
                .isInstanceOfSatisfying(MilvusOperationException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MilvusOperationException.Kind.AUTHENTICATION);
                    assertThat(e.grpcStatus()).isEqualTo("UNAUTHENTICATED");
                })
                .hasMessage("Cannot connect to Milvus at " + fake.uri()
                        + ": authentication failed (check the user and password, or the token)")
                .hasStackTraceContaining("auth check failure")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("wrong-secret")
                        .doesNotContain(Base64.getEncoder().encodeToString("root:wrong-secret".getBytes(StandardCharsets.UTF_8))));
        assertThat(fake.headers).hasSize(1);
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
