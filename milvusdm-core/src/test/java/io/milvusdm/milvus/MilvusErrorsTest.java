package io.milvusdm.milvus;

import io.milvus.grpc.ErrorCode;
import io.milvus.grpc.Status;
import io.milvus.v2.exception.MilvusClientException;
import io.milvusdm.milvus.MilvusOperationException.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** Which failures are transient, and how they read. */
class MilvusErrorsTest {

    private static final Secrets NONE = Secrets.of(MilvusTarget.of("http://h:1"));

    private static Kind kindOf(Status status) {
        try {
            MilvusErrors.check("Insert into collection 'c'", status, NONE);
            return null;
        } catch (MilvusOperationException e) {
            return e.kind();
        }
    }

    @Test
    void rate_limits_and_busy_servers_are_transient() {
        assertThat(kindOf(Status.newBuilder().setCode(8).setReason("rate limit exceeded").build())).isEqualTo(Kind.TRANSIENT);
        assertThat(kindOf(Status.newBuilder().setErrorCode(ErrorCode.RateLimit).setReason("x").build()))
                .isEqualTo(Kind.TRANSIENT);
        assertThat(kindOf(Status.newBuilder().setCode(2000)
                .setReason("quota exceeded[reason=rate type: DMLInsert]").build())).isEqualTo(Kind.TRANSIENT);
        assertThat(kindOf(Status.newBuilder().setCode(1).setReason("server busy, try later").build()))
                .isEqualTo(Kind.TRANSIENT);
        assertThat(kindOf(Status.newBuilder().setCode(65535).setRetriable(true).setReason("x").build()))
                .isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void other_server_errors_are_not_retried_and_keep_their_code() {
        Status status = Status.newBuilder().setCode(1100).setReason("the length of varchar field id exceeds max length").build();

        assertThatThrownBy(() -> MilvusErrors.check("Insert into collection 'c'", status, NONE))
                .isInstanceOfSatisfying(MilvusOperationException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.SERVER);
                    assertThat(e.serverCode()).isEqualTo(1100);
                })
                .hasMessage("Insert into collection 'c' failed: the length of varchar field id exceeds max length");
        assertThatNoException().isThrownBy(() -> MilvusErrors.check("x", Status.getDefaultInstance(), NONE));
    }

    @Test
    void grpc_codes_map_to_kinds() {
        assertThat(wrap(io.milvus.shaded.io.grpc.Status.UNAVAILABLE).kind()).isEqualTo(Kind.TRANSIENT);
        assertThat(wrap(io.milvus.shaded.io.grpc.Status.DEADLINE_EXCEEDED).kind()).isEqualTo(Kind.TRANSIENT);
        assertThat(wrap(io.milvus.shaded.io.grpc.Status.UNAUTHENTICATED).kind()).isEqualTo(Kind.AUTHENTICATION);
        assertThat(wrap(io.milvus.shaded.io.grpc.Status.UNIMPLEMENTED).kind()).isEqualTo(Kind.UNSUPPORTED);
        assertThat(wrap(io.milvus.shaded.io.grpc.Status.RESOURCE_EXHAUSTED
                .withDescription("gRPC message larger than max (70000000 vs. 67108864)")).kind()).isEqualTo(Kind.CLIENT);
        // grpc-java's own wording, on the client side
        assertThat(wrap(io.milvus.shaded.io.grpc.Status.RESOURCE_EXHAUSTED
                .withDescription("gRPC message exceeds maximum size 200000: 672818")).isMessageTooLarge()).isTrue();
        assertThat(wrap(io.milvus.shaded.io.grpc.Status.RESOURCE_EXHAUSTED.withDescription("quota exceeded"))
                .isMessageTooLarge()).isFalse();
        assertThat(wrap(io.milvus.shaded.io.grpc.Status.INVALID_ARGUMENT).kind()).isEqualTo(Kind.SERVER);
    }

    @Test
    void an_sdk_exception_around_a_grpc_failure_keeps_both_codes() {
        MilvusClientException sdk = new MilvusClientException(io.milvus.v2.exception.ErrorCode.RPC_ERROR,
                io.milvus.shaded.io.grpc.Status.UNAVAILABLE.withDescription("io exception").asRuntimeException());

        MilvusOperationException wrapped = MilvusErrors.wrap("Flush collection 'c'", sdk, NONE);

        assertThat(wrapped).hasMessage("Flush collection 'c' failed: UNAVAILABLE: io exception");
        assertThat(wrapped.grpcStatus()).isEqualTo("UNAVAILABLE");
        assertThat(wrapped.sdkErrorCode()).isEqualTo("RPC_ERROR");
        assertThat(wrapped.kind()).isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void an_error_code_the_sdk_cannot_read_says_so_instead_of_an_enum_failure() {
        MilvusClientException sdk = new MilvusClientException(io.milvus.v2.exception.ErrorCode.CLIENT_ERROR,
                new IllegalArgumentException("Can't get the number of an unknown enum value."));

        assertThat(MilvusErrors.wrap("Create collection 'c'", sdk, NONE)).hasMessage("Create collection 'c' failed: "
                + "the server answered with an error code the Milvus SDK does not know; its reason is in the server's log");
    }

    private static MilvusOperationException wrap(io.milvus.shaded.io.grpc.Status status) {
        return MilvusErrors.wrap("Op", status.asRuntimeException(), NONE);
    }
}
