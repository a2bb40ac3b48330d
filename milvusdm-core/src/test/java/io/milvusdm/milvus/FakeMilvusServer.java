package io.milvusdm.milvus;

import io.milvus.grpc.BoolResponse;
import io.milvus.grpc.ConnectRequest;
import io.milvus.grpc.ConnectResponse;
import io.milvus.grpc.CreateCollectionRequest;
import io.milvus.grpc.CreateIndexRequest;
import io.milvus.grpc.GetLoadingProgressRequest;
import io.milvus.grpc.GetLoadingProgressResponse;
import io.milvus.grpc.GetVersionRequest;
import io.milvus.grpc.GetVersionResponse;
import io.milvus.grpc.HasCollectionRequest;
import io.milvus.grpc.InsertRequest;
import io.milvus.grpc.ListDatabasesRequest;
import io.milvus.grpc.ListDatabasesResponse;
import io.milvus.grpc.LoadCollectionRequest;
import io.milvus.grpc.MilvusServiceGrpc;
import io.milvus.grpc.MutationResult;
import io.milvus.grpc.Status;
import io.milvus.grpc.UpsertRequest;
import io.milvus.shaded.io.grpc.Metadata;
import io.milvus.shaded.io.grpc.Server;
import io.milvus.shaded.io.grpc.ServerCall;
import io.milvus.shaded.io.grpc.ServerCallHandler;
import io.milvus.shaded.io.grpc.ServerInterceptor;
import io.milvus.shaded.io.grpc.ServerInterceptors;
import io.milvus.shaded.io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.milvus.shaded.io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Milvus server that does what a test tells it on cue, which a real one cannot: fail inserts and upserts with UNAVAILABLE a
 * given number of times, reject credentials. It answers just the RPCs a sink needs to open, create a collection
 * and write; it records every request's headers.
 */
final class FakeMilvusServer implements AutoCloseable {

    private static final Status OK = Status.newBuilder().build();

    final List<Metadata> headers = new CopyOnWriteArrayList<>();
    final List<Object> mutations = new CopyOnWriteArrayList<>();
    final AtomicInteger mutationFailuresLeft = new AtomicInteger();
    volatile String requiredAuthorization;
    private final Server server;

    FakeMilvusServer() throws IOException {
        ServerInterceptor recorder = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata metadata,
                                                               ServerCallHandler<Q, R> next) {
                headers.add(metadata);
                String authorization = metadata.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER));
                if (requiredAuthorization != null && !requiredAuthorization.equals(authorization)) {
                    call.close(io.milvus.shaded.io.grpc.Status.UNAUTHENTICATED.withDescription(
                            "auth check failure, please check username, password or API key are correct"), new Metadata());
                    return new ServerCall.Listener<>() {
                    };
                }
                return next.startCall(call, metadata);
            }
        };
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(new Service(), recorder))
                .build()
                .start();
    }

    String uri() {
        return "http://127.0.0.1:" + server.getPort();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination();
    }

    private final class Service extends MilvusServiceGrpc.MilvusServiceImplBase {

        @Override
        public void getVersion(GetVersionRequest request, StreamObserver<GetVersionResponse> observer) {
            reply(observer, GetVersionResponse.newBuilder().setStatus(OK).setVersion("v2.6.0-fake").build());
        }

        @Override
        public void connect(ConnectRequest request, StreamObserver<ConnectResponse> observer) {
            reply(observer, ConnectResponse.newBuilder().setStatus(OK).setIdentifier(1).build());
        }

        @Override
        public void listDatabases(ListDatabasesRequest request, StreamObserver<ListDatabasesResponse> observer) {
            reply(observer, ListDatabasesResponse.newBuilder().setStatus(OK).addDbNames("default").addDbNames("db1").build());
        }

        @Override
        public void hasCollection(HasCollectionRequest request, StreamObserver<BoolResponse> observer) {
            reply(observer, BoolResponse.newBuilder().setStatus(OK).setValue(false).build());
        }

        @Override
        public void createCollection(CreateCollectionRequest request, StreamObserver<Status> observer) {
            reply(observer, OK);
        }

        @Override
        public void createIndex(CreateIndexRequest request, StreamObserver<Status> observer) {
            reply(observer, OK);
        }

        @Override
        public void loadCollection(LoadCollectionRequest request, StreamObserver<Status> observer) {
            reply(observer, OK);
        }

        @Override
        public void getLoadingProgress(GetLoadingProgressRequest request,
                                       StreamObserver<GetLoadingProgressResponse> observer) {
            reply(observer, GetLoadingProgressResponse.newBuilder().setStatus(OK).setProgress(100).build());
        }

        @Override
        public void insert(InsertRequest request, StreamObserver<MutationResult> observer) {
            if (failed(observer)) {
                return;
            }
            mutations.add(request);
            reply(observer, MutationResult.newBuilder().setStatus(OK).setInsertCnt(request.getNumRows()).build());
        }

        @Override
        public void upsert(UpsertRequest request, StreamObserver<MutationResult> observer) {
            if (failed(observer)) {
                return;
            }
            mutations.add(request);
            reply(observer, MutationResult.newBuilder().setStatus(OK).setUpsertCnt(request.getNumRows()).build());
        }

        private boolean failed(StreamObserver<?> observer) {
            if (mutationFailuresLeft.getAndDecrement() > 0) {
                observer.onError(io.milvus.shaded.io.grpc.Status.UNAVAILABLE.withDescription("fake outage")
                        .asRuntimeException());
                return true;
            }
            return false;
        }

        private <T> void reply(StreamObserver<T> observer, T value) {
            observer.onNext(value);
            observer.onCompleted();
        }
    }
}
