package io.milvusdm.milvus;

import io.milvus.grpc.ErrorCode;
import io.milvus.grpc.Status;
import io.milvus.shaded.io.grpc.StatusRuntimeException;
import io.milvus.v2.exception.MilvusClientException;
import io.milvusdm.milvus.MilvusOperationException.Kind;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Turns what the SDK, gRPC and the server report into one {@link MilvusOperationException}, and decides which
 * failures are transient. Every message passes through {@link Secrets#scrub} before it leaves.
 */
final class MilvusErrors {

    /** Milvus 2.3+ status.code for a rate-limited request (merr.ErrServiceRateLimit). */
    private static final int SERVER_CODE_RATE_LIMIT = 8;

    /** Server reasons that say "come back later" (milvus-io/milvus#32719: "quota exceeded[reason=rate type: DMLInsert]"). */
    private static final List<String> TRANSIENT_REASONS = List.of(
            "quota exceeded", "rate limit", "server busy", "too many requests", "service unavailable");

    private MilvusErrors() {
    }

    /** Wraps anything thrown by one call; an exception that is already ours passes through. */
    static MilvusOperationException wrap(String operation, Throwable failure, Secrets secrets) {
        if (failure instanceof MilvusOperationException ours) {
            return ours;
        }
        StatusRuntimeException grpc = findGrpc(failure);
        String sdkCode = null;
        int serverCode = 0;
        if (failure instanceof MilvusClientException sdk) {
            sdkCode = sdk.getErrorCode().name();
            serverCode = sdk.getServerErrCode() != 0 ? sdk.getServerErrCode() : sdk.getLegacyServerCode();
        }
        String reason = reasonOf(failure);
        Kind kind;
        if (grpc != null) {
            kind = kindOf(grpc);
        } else if (failure instanceof MilvusClientException sdk
                && sdk.getErrorCode() == io.milvus.v2.exception.ErrorCode.SERVER_ERROR) {
            kind = serverKind(sdk.getServerErrCode(), sdk.getLegacyServerCode(), false, reason);
        } else {
            kind = Kind.CLIENT;
        }
        return new MilvusOperationException(operation + " failed: " + secrets.scrub(reason), operation, kind,
                grpc == null ? null : grpc.getStatus().getCode().name(), sdkCode, serverCode,
                secrets.cleanCause(failure));
    }

    /** The failure's reason, unscrubbed: the gRPC status with its network cause, else the message. */
    static String reasonOf(Throwable failure) {
        StatusRuntimeException grpc = findGrpc(failure);
        if (grpc != null) {
            return describe(grpc);
        }
        if (failure instanceof MilvusClientException && failure.getCause() instanceof IllegalArgumentException cause
                && String.valueOf(cause.getMessage()).contains("unknown enum value")) {
            // SDK 2.6.22 reads status.error_code as an enum; Milvus Lite 3.x answers invalid arguments with the
            // legacy code 6, which the enum lacks, and the SDK throws away the server's reason
            return "the server answered with an error code the Milvus SDK does not know; its reason is in the server's log";
        }
        if (failure.getMessage() != null) {
            return failure.getMessage();
        }
        return failure.getCause() != null ? reasonOf(failure.getCause()) : failure.getClass().getSimpleName();
    }

    /** Throws when a response's status is not success; rate limits and busy servers come out {@link Kind#TRANSIENT}. */
    static void check(String operation, Status status, Secrets secrets) throws MilvusOperationException {
        int legacy = status.getErrorCodeValue();
        if (status.getCode() == 0 && legacy == ErrorCode.Success_VALUE) {
            return;
        }
        int code = status.getCode() != 0 ? status.getCode() : legacy;
        String reason = status.getReason().isEmpty() ? "error code " + code : status.getReason();
        Kind kind = serverKind(status.getCode(), legacy, status.getRetriable(), reason);
        throw new MilvusOperationException(operation + " failed: " + secrets.scrub(reason), operation, kind, null,
                null, code, null);
    }

    private static Kind serverKind(int code, int legacy, boolean retriable, String reason) {
        String lower = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
        if (retriable || code == SERVER_CODE_RATE_LIMIT || legacy == ErrorCode.RateLimit_VALUE
                || TRANSIENT_REASONS.stream().anyMatch(lower::contains)) {
            return Kind.TRANSIENT;
        }
        if (lower.contains("auth check failure") || lower.contains("authentication")) {
            return Kind.AUTHENTICATION;
        }
        if (lower.contains("not support") || lower.contains("unimplemented")) {
            return Kind.UNSUPPORTED;
        }
        return Kind.SERVER;
    }

    private static Kind kindOf(StatusRuntimeException grpc) {
        return switch (grpc.getStatus().getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED -> Kind.TRANSIENT;
            case RESOURCE_EXHAUSTED -> {
                String text = String.valueOf(grpc.getStatus().getDescription()).toLowerCase(Locale.ROOT);
                // a message over a size limit is also RESOURCE_EXHAUSTED and never heals by waiting: "Received /
                // Sent message larger than max" (grpc-go, Python), "gRPC message exceeds maximum size" (grpc-java)
                yield text.contains("message larger than max") || text.contains("message exceeds maximum size")
                        ? Kind.CLIENT : Kind.TRANSIENT;
            }
            case UNAUTHENTICATED, PERMISSION_DENIED -> Kind.AUTHENTICATION;
            case UNIMPLEMENTED -> Kind.UNSUPPORTED;
            default -> Kind.SERVER;
        };
    }

    /** A short reason for a transport failure: "UNAVAILABLE: connection refused". */
    static String describe(StatusRuntimeException grpc) {
        String cause = rootCauseText(grpc.getCause());
        String description = grpc.getStatus().getDescription();
        StringBuilder text = new StringBuilder(grpc.getStatus().getCode().name());
        if (cause != null) {
            text.append(": ").append(cause);
        } else if (description != null && !description.isEmpty()) {
            text.append(": ").append(description);
        }
        return text.toString();
    }

    /** What the network said, in words a user knows, or null. */
    static String rootCauseText(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return "unknown host";
            }
            if (t instanceof SSLException) {
                return "TLS handshake failed: " + t.getMessage();
            }
        }
        return cause == null ? null : cause.getMessage();
    }

    static StatusRuntimeException findGrpc(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StatusRuntimeException grpc) {
                return grpc;
            }
        }
        return null;
    }

    static boolean isTransient(MilvusOperationException e) {
        return e.kind() == Kind.TRANSIENT;
    }
}
