package io.milvusdm.milvus;

import java.io.IOException;

/**
 * A call to a Milvus server failed. The message names the operation ("Insert into collection 'c' partition 'p'
 * (split h5:0) failed: ...") or the redacted server address ("Cannot connect to Milvus at http://host:19530: ...")
 * and ends with the server's or the transport's reason; it never carries a secret.
 * SDK and gRPC exceptions are wrapped into this once, at the connection's boundary.
 */
public class MilvusOperationException extends IOException {

    /** What kind of failure this is, so that a caller can choose an exit code or a hint. */
    public enum Kind {
        /** The server could not be reached (refused, unknown host, TLS handshake, timeout while connecting). */
        UNREACHABLE,
        /** The server rejected the credentials. */
        AUTHENTICATION,
        /** The server kept answering with a transient error (unavailable, busy, rate limit) until retries ran out. */
        TRANSIENT,
        /** The server does not support what was asked (an RPC, a vector type, an index type). */
        UNSUPPORTED,
        /** The server answered with an error status. */
        SERVER,
        /** The client failed before or after the call (bad request, bad response). */
        CLIENT
    }

    private final String operation;
    private final Kind kind;
    private final String grpcStatus;
    private final String sdkErrorCode;
    private final int serverCode;

    /**
     * @param message the whole message, free of secrets
     * @param operation the operation's title
     * @param grpcStatus the gRPC status code name ({@code UNAVAILABLE}), or null
     * @param sdkErrorCode the SDK's {@code ErrorCode} name ({@code SERVER_ERROR}), or null
     * @param serverCode the server's error code (status.code, else the legacy error_code), or 0
     */
    public MilvusOperationException(String message, String operation, Kind kind, String grpcStatus,
                                    String sdkErrorCode, int serverCode, Throwable cause) {
        super(message, cause);
        this.operation = operation;
        this.kind = kind;
        this.grpcStatus = grpcStatus;
        this.sdkErrorCode = sdkErrorCode;
        this.serverCode = serverCode;
    }

    /** "{@code <operation> failed: <reason>}". */
    public MilvusOperationException(String operation, Kind kind, String reason) {
        this(operation + " failed: " + reason, operation, kind, null, null, 0, null);
    }

    public String operation() {
        return operation;
    }

    public Kind kind() {
        return kind;
    }

    /** The gRPC status code name, or null when the failure did not come from the transport. */
    public String grpcStatus() {
        return grpcStatus;
    }

    /** The Milvus SDK's {@code ErrorCode} name, or null when the SDK was not involved. */
    public String sdkErrorCode() {
        return sdkErrorCode;
    }

    /** The server's error code, or 0. */
    public int serverCode() {
        return serverCode;
    }

    /**
     * Whether a message was over a gRPC size limit, the client's or the server's (RESOURCE_EXHAUSTED that waiting
     * does not heal): the same request fails again, a smaller one may not.
     */
    public boolean isMessageTooLarge() {
        return kind == Kind.CLIENT && "RESOURCE_EXHAUSTED".equals(grpcStatus);
    }
}
