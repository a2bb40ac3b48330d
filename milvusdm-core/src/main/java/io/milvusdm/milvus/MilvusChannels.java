package io.milvusdm.milvus;

import io.milvus.shaded.io.grpc.ManagedChannel;
import io.milvus.shaded.io.grpc.Metadata;
import io.milvus.shaded.io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.milvus.shaded.io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.milvus.shaded.io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.milvus.shaded.io.grpc.stub.MetadataUtils;
import io.milvus.v2.client.ConnectConfig;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * Builds, from one {@link MilvusTarget}, the SDK's {@link ConnectConfig} (for DDL and queries) and the gRPC
 * channel of the data path, with the same address, TLS settings and headers the SDK sends
 * ({@code io.milvus.v2.utils.ClientUtils#getChannel}): {@code authorization} = base64 of the token or of
 * {@code user:password}, and {@code dbname} when a database is chosen.
 *
 * <p>Never log a {@link ConnectConfig}: in SDK 2.6.22 its {@code toString()} prints the token and password
 * (redaction came later, milvus-io/milvus-sdk-java#1992).
 */
final class MilvusChannels {

    static final int DEFAULT_PORT = 19530;
    static final long CONNECT_TIMEOUT_MS = 10_000;
    /** DDL and queries that hang longer than this are treated as lost (DEADLINE_EXCEEDED, then retried). */
    static final long RPC_DEADLINE_MS = 300_000;
    /** Responses of the data path are small; requests are bounded by the server (64 MB Milvus, 256 MB lite). */
    static final int MAX_INBOUND_BYTES = 64 << 20;

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> DBNAME = Metadata.Key.of("dbname", Metadata.ASCII_STRING_MARSHALLER);

    /** Host, port and database parsed from the URI; the database from the path wins, as in the SDK's URLParser. */
    record Address(String host, int port, boolean secure, String dbName) {
    }

    private MilvusChannels() {
    }

    static Address address(MilvusTarget target) {
        URI uri;
        try {
            uri = new URI(target.uri());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid Milvus URI " + MilvusTarget.redactUserInfo(target.uri())
                    + ": expected http://host:port or https://host:port");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("invalid Milvus URI " + MilvusTarget.redactUserInfo(target.uri())
                    + ": no host; expected http://host:port or https://host:port");
        }
        String path = uri.getPath();
        String db = path == null || path.isEmpty() || path.equals("/") ? blankToNull(target.dbName()) : path.substring(1);
        boolean secure = target.secure() || "https".equalsIgnoreCase(uri.getScheme());
        return new Address(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : DEFAULT_PORT, secure, db);
    }

    static ConnectConfig connectConfig(MilvusTarget target, Address address) {
        ConnectConfig.ConnectConfigBuilder builder = ConnectConfig.builder()
                .uri(target.uri())
                .secure(address.secure())
                .connectTimeoutMs(CONNECT_TIMEOUT_MS)
                .rpcDeadlineMs(RPC_DEADLINE_MS)
                // no keep-alive pings: Milvus Lite's Python gRPC server answers them with GOAWAY too_many_pings,
                // which the SDK logs as a warning; every call has a deadline instead
                .keepAliveTimeMs(Long.MAX_VALUE)
                .keepAliveWithoutCalls(false);
        if (target.token() != null) {
            builder.token(target.token());
        } else if (target.user() != null) {
            builder.username(target.user());
            if (target.password() != null) {
                builder.password(target.password());
            }
        }
        if (address.dbName() != null) {
            // only when set: the SDK then calls ListDatabases, which some servers lack
            builder.dbName(address.dbName());
        }
        if (target.caPemPath() != null) {
            if (target.clientPemPath() != null && target.clientKeyPath() != null) {
                builder.caPemPath(target.caPemPath().toString())
                        .clientPemPath(target.clientPemPath().toString())
                        .clientKeyPath(target.clientKeyPath().toString());
            } else {
                // the SDK's one-way TLS trusts the "server pem"; a CA certificate works there as well
                builder.serverPemPath(target.caPemPath().toString());
            }
        }
        if (target.serverName() != null) {
            builder.serverName(target.serverName());
        }
        return builder.build();
    }

    /** The data path's channel: no keep-alive pings (Python gRPC servers answer them with GOAWAY too_many_pings). */
    static ManagedChannel dataChannel(MilvusTarget target, Address address) throws IOException {
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(address.host(), address.port())
                .maxInboundMessageSize(MAX_INBOUND_BYTES)
                .withOption(io.milvus.shaded.io.grpc.netty.shaded.io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) CONNECT_TIMEOUT_MS)
                .idleTimeout(24, TimeUnit.HOURS);
        if (address.secure()) {
            SslContextBuilder ssl = GrpcSslContexts.forClient();
            if (target.caPemPath() != null) {
                ssl.trustManager(target.caPemPath().toFile());
            }
            if (target.clientPemPath() != null && target.clientKeyPath() != null) {
                ssl.keyManager(target.clientPemPath().toFile(), target.clientKeyPath().toFile());
            }
            builder.sslContext(ssl.build()).useTransportSecurity();
            if (target.serverName() != null) {
                builder.overrideAuthority(target.serverName());
            }
        } else {
            builder.usePlaintext();
        }
        Metadata headers = new Metadata();
        String authorization = Secrets.authorization(target);
        if (authorization != null) {
            headers.put(AUTHORIZATION,
                    Base64.getEncoder().encodeToString(authorization.getBytes(StandardCharsets.UTF_8)));
        }
        if (address.dbName() != null) {
            headers.put(DBNAME, address.dbName());
        }
        return builder.intercept(MetadataUtils.newAttachHeadersInterceptor(headers)).build();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
