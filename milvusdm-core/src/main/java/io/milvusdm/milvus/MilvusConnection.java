package io.milvusdm.milvus;

import io.milvus.grpc.GetVersionRequest;
import io.milvus.grpc.GetVersionResponse;
import io.milvus.grpc.MilvusServiceGrpc;
import io.milvus.grpc.MutationResult;
import io.milvus.shaded.io.grpc.CallOptions;
import io.milvus.shaded.io.grpc.ManagedChannel;
import io.milvus.shaded.io.grpc.MethodDescriptor;
import io.milvus.shaded.io.grpc.stub.ClientCalls;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.client.RetryConfig;
import io.milvusdm.milvus.MilvusOperationException.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.milvus.grpc.Status;
import java.util.function.Function;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One Milvus server: the SDK's {@link MilvusClientV2} for DDL and queries, and a channel of our own for the
 * data path (pre-encoded Insert/Upsert requests, see {@link InsertRequestEncoder}). Every operation has a title
 * used in logs and errors, goes through the one retry point ({@link #call}, {@link #retry}) and fails with a
 * {@link MilvusOperationException}. The SDK's own retries are off, so that a failure is retried once, here.
 * Thread-safe.
 */
public final class MilvusConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MilvusConnection.class);
    /** An insert of a few hundred MB into a busy server may take minutes; longer than this is a lost call. */
    private static final long DATA_DEADLINE_MS = 600_000;
    /** A page of query results may be larger than an insert answer: Milvus Lite sends up to 256 MiB. */
    private static final int QUERY_INBOUND_BYTES = 256 << 20;

    /** One call against the SDK client. */
    @FunctionalInterface
    public interface Call<T> {
        T run(MilvusClientV2 client) throws Exception;
    }

    /** One attempt of an operation; {@code attempt} counts from 1, so a retry can choose an idempotent form. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run(int attempt) throws Exception;
    }

    private final String where;
    private final MilvusChannels.Address address;
    private final Secrets secrets;
    private final RetryPolicy retryPolicy;
    private final ManagedChannel dataChannel;
    private final MilvusClientV2 client;
    private final String serverVersion;
    private final int queryInboundBytes;

    private MilvusConnection(String where, MilvusChannels.Address address, Secrets secrets, RetryPolicy retryPolicy,
                             ManagedChannel dataChannel, MilvusClientV2 client, String serverVersion,
                             int queryInboundBytes) {
        this.where = where;
        this.address = address;
        this.secrets = secrets;
        this.retryPolicy = retryPolicy;
        this.dataChannel = dataChannel;
        this.client = client;
        this.serverVersion = serverVersion;
        this.queryInboundBytes = queryInboundBytes;
    }

    public static MilvusConnection open(MilvusTarget target) throws MilvusOperationException {
        return open(target, RetryPolicy.DEFAULT);
    }

    /**
     * Connects, failing fast and once: an unreachable server gives "Cannot connect to Milvus at URI: connection
     * refused" ({@link Kind#UNREACHABLE}), rejected credentials "...: authentication failed"
     * ({@link Kind#AUTHENTICATION}).
     *
     * @throws IllegalArgumentException when the URI is not {@code http(s)://host[:port][/db]}
     */
    public static MilvusConnection open(MilvusTarget target, RetryPolicy retryPolicy) throws MilvusOperationException {
        return open(target, retryPolicy, QUERY_INBOUND_BYTES);
    }

    /**
     * Connects; an answer of {@link #rpc} (a page of query results) may take at most {@code queryInboundBytes}, a
     * larger one fails with {@link MilvusOperationException#isMessageTooLarge()}.
     */
    public static MilvusConnection open(MilvusTarget target, RetryPolicy retryPolicy, int queryInboundBytes)
            throws MilvusOperationException {
        Secrets secrets = Secrets.of(target);
        String where = MilvusTarget.redactUserInfo(target.uri());
        String title = "Connect to Milvus at " + where;
        MilvusChannels.Address address = MilvusChannels.address(target);
        ManagedChannel channel = null;
        MilvusClientV2 client = null;
        try {
            channel = MilvusChannels.dataChannel(target, address);
            String version = probe(channel, where, secrets);
            client = new MilvusClientV2(MilvusChannels.connectConfig(target, address));
            client.retryConfig(RetryConfig.builder().maxRetryTimes(1).build());
            LOG.info("Connected to Milvus {} at {}{}", version, where,
                    address.dbName() == null ? "" : ", database '" + address.dbName() + "'");
            return new MilvusConnection(where, address, secrets, retryPolicy, channel, client, version,
                    queryInboundBytes);
        } catch (Exception e) {
            if (client != null) {
                client.close();
            }
            if (channel != null) {
                channel.shutdownNow();
            }
            throw connectFailure(where, title, e, secrets);
        }
    }

    /**
     * Asks the server's version over the data channel, without waiting for the channel to become ready, so that
     * a refused connection fails at once (the SDK's own connect waits out its whole timeout).
     */
    private static String probe(ManagedChannel channel, String where, Secrets secrets) throws MilvusOperationException {
        GetVersionResponse response = MilvusServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(MilvusChannels.CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .getVersion(GetVersionRequest.getDefaultInstance());
        MilvusErrors.check("Connect to Milvus at " + where, response.getStatus(), secrets);
        return response.getVersion();
    }

    private static MilvusOperationException connectFailure(String where, String title, Exception e, Secrets secrets) {
        MilvusOperationException wrapped = MilvusErrors.wrap(title, e, secrets);
        var grpc = MilvusErrors.findGrpc(e);
        String reason;
        if (wrapped.kind() == Kind.AUTHENTICATION) {
            reason = "authentication failed (check the user and password, or the token)";
        } else if (grpc != null && grpc.getStatus().getCode().name().equals("DEADLINE_EXCEEDED")) {
            reason = "no answer within " + MilvusChannels.CONNECT_TIMEOUT_MS + " ms";
        } else if (grpc != null && MilvusErrors.rootCauseText(grpc.getCause()) != null) {
            reason = MilvusErrors.rootCauseText(grpc.getCause());
        } else {
            reason = MilvusErrors.reasonOf(e);
        }
        Kind kind = wrapped.kind() == Kind.TRANSIENT ? Kind.UNREACHABLE : wrapped.kind();
        return new MilvusOperationException("Cannot connect to Milvus at " + where + ": " + secrets.scrub(reason),
                title, kind, wrapped.grpcStatus(), wrapped.sdkErrorCode(), wrapped.serverCode(), secrets.cleanCause(e));
    }

    /** The server's version string, e.g. {@code v2.6.3} or {@code milvus_lite-3.2.2}. */
    public String serverVersion() {
        return serverVersion;
    }

    /**
     * Whether the server is Milvus Lite 3.x (the pure-Python server), which lacks binary and half-float vectors,
     * auth and AllocTimestamp, and wants writes to one collection serialized.
     */
    public boolean isLite() {
        return serverVersion.startsWith("milvus_lite");
    }

    /** The server's URI with user-info redacted: what logs and messages may show. */
    public String where() {
        return where;
    }

    /** The database chosen by the target (its URI path or dbName), or null for the default one. */
    public String dbName() {
        return address.dbName();
    }

    /** One call against the generated gRPC stub, for what the SDK's client does not carry whole. */
    @FunctionalInterface
    public interface Rpc<T> {
        T run(MilvusServiceGrpc.MilvusServiceBlockingStub stub) throws Exception;
    }

    /**
     * Runs one call of the generated gRPC stub over the data channel (same address, credentials and database
     * header as the SDK's) under the retry policy, with a deadline. The protobuf messages come and go whole: the
     * Milvus source reads query results column-wise this way, and Milvus to Milvus copies schemas and index
     * parameters as the server describes them. {@code status} picks the response's status, which is checked.
     */
    public <T> T rpc(String title, Rpc<T> call, Function<T, Status> status)
            throws MilvusOperationException {
        return retry(title, attempt -> {
            T response = call.run(MilvusServiceGrpc.newBlockingStub(dataChannel)
                    .withMaxInboundMessageSize(queryInboundBytes)
                    .withDeadlineAfter(MilvusChannels.RPC_DEADLINE_MS, TimeUnit.MILLISECONDS));
            MilvusErrors.check(title, status.apply(response), secrets);
            return response;
        });
    }

    /**
     * Runs one unary call of {@code method}, a method of the server's gRPC service with marshallers of the
     * caller's choosing (the Milvus source decodes query answers its own way), like {@link #rpc(String, Rpc,
     * Function)}: on the data channel, under the retry policy, with a deadline; {@code status} picks the answer's
     * status, which is checked.
     */
    public <Q, R> R rpc(String title, MethodDescriptor<Q, R> method, Q request, Function<R, Status> status)
            throws MilvusOperationException {
        return rpc(title, method, request, status, queryInboundBytes);
    }

    /**
     * {@link #rpc(String, MethodDescriptor, Object, Function)} whose answer may take at most {@code inboundBytes}
     * (and never more than the connection's limit): a larger one fails with
     * {@link MilvusOperationException#isMessageTooLarge()}, before it is received whole.
     */
    public <Q, R> R rpc(String title, MethodDescriptor<Q, R> method, Q request, Function<R, Status> status,
                        int inboundBytes) throws MilvusOperationException {
        int limit = Math.min(inboundBytes, queryInboundBytes);
        return retry(title, attempt -> {
            R response = ClientCalls.blockingUnaryCall(dataChannel, method, CallOptions.DEFAULT
                    .withMaxInboundMessageSize(limit)
                    .withDeadlineAfter(MilvusChannels.RPC_DEADLINE_MS, TimeUnit.MILLISECONDS), request);
            MilvusErrors.check(title, status.apply(response), secrets);
            return response;
        });
    }

    /** Runs one SDK call under the retry policy. */
    public <T> T call(String title, Call<T> call) throws MilvusOperationException {
        return retry(title, attempt -> call.run(client));
    }

    /**
     * Runs an operation, retrying transient failures ({@link Kind#TRANSIENT}: unavailable, deadline exceeded,
     * rate limit, server busy) with exponential backoff and jitter; any other failure ends it at once.
     */
    public <T> T retry(String title, Attempt<T> operation) throws MilvusOperationException {
        int max = retryPolicy.maxAttempts();
        for (int attempt = 1; ; attempt++) {
            MilvusOperationException failure;
            long start = System.nanoTime();
            try {
                T result = operation.run(attempt);
                if (LOG.isDebugEnabled()) {
                    LOG.debug("{}: {} ms", title, (System.nanoTime() - start) / 1_000_000);
                }
                return result;
            } catch (Exception e) {
                failure = MilvusErrors.wrap(title, e, secrets);
            }
            if (!MilvusErrors.isTransient(failure)) {
                throw failure;
            }
            if (attempt >= max) {
                throw max == 1 ? failure : new MilvusOperationException(
                        failure.getMessage().replaceFirst(" failed: ", " failed after " + max + " attempts: "),
                        title, Kind.TRANSIENT, failure.grpcStatus(), failure.sdkErrorCode(), failure.serverCode(),
                        failure.getCause());
            }
            Duration delay = retryPolicy.delayAfter(attempt);
            LOG.warn("{}; retry {} of {} in {} ms", failure.getMessage(), attempt, max - 1, delay.toMillis());
            sleep(title, delay);
        }
    }

    /** One Insert or Upsert on the data path: not retried here, the caller wraps it in {@link #retry}. */
    MutationResult mutate(MethodDescriptor<byte[], MutationResult> method, byte[] request) {
        return ClientCalls.blockingUnaryCall(dataChannel, method,
                CallOptions.DEFAULT.withDeadlineAfter(DATA_DEADLINE_MS, TimeUnit.MILLISECONDS), request);
    }

    /**
     * A blocking stub of the server's gRPC service on the data channel (credentials and database attached), with a
     * deadline: for the calls the SDK's V2 client does not make (the v1 bulk {@code Import}).
     */
    public MilvusServiceGrpc.MilvusServiceBlockingStub serviceStub(long deadlineMs) {
        return MilvusServiceGrpc.newBlockingStub(dataChannel).withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS);
    }

    /** Removes the connection's secrets from a server's or library's text before it is shown. */
    public String scrub(String text) {
        return secrets.scrub(text);
    }

    Secrets secrets() {
        return secrets;
    }

    private static void sleep(String title, Duration delay) throws MilvusOperationException {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MilvusOperationException(title, Kind.CLIENT, "interrupted while waiting to retry");
        }
    }

    @Override
    public void close() {
        try {
            client.close(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            dataChannel.shutdown();
            try {
                if (!dataChannel.awaitTermination(5, TimeUnit.SECONDS)) {
                    dataChannel.shutdownNow();
                }
            } catch (InterruptedException e) {
                dataChannel.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
