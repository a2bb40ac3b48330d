package io.milvusdm.milvus;

import java.nio.file.Path;

/**
 * How to reach a Milvus server. Secrets ({@code password}, {@code token}) never appear in {@link #toString()}.
 *
 * @param uri {@code http://host:port} or {@code https://host:port}
 * @param user user name, or null
 * @param password password, or null
 * @param token token ({@code user:password} or an API key), or null
 * @param dbName database, or null for the default one
 * @param secure use TLS
 * @param caPemPath CA certificate for TLS, or null
 * @param clientPemPath client certificate for mutual TLS, or null
 * @param clientKeyPath client key for mutual TLS, or null
 * @param serverName the TLS server name to check, or null
 */
public record MilvusTarget(String uri, String user, String password, String token, String dbName, boolean secure,
                           Path caPemPath, Path clientPemPath, Path clientKeyPath, String serverName) {

    public static MilvusTarget of(String uri) {
        return new MilvusTarget(uri, null, null, null, null, false, null, null, null, null);
    }

    public MilvusTarget withUri(String newUri) {
        return new MilvusTarget(newUri, user, password, token, dbName, secure, caPemPath, clientPemPath,
                clientKeyPath, serverName);
    }

    /** Whether credentials were given. */
    public boolean hasCredentials() {
        return token != null || user != null || password != null;
    }

    @Override
    public String toString() {
        return "MilvusTarget[uri=" + redactUserInfo(uri) + ", user=" + user
                + ", password=" + (password == null ? null : "***") + ", token=" + (token == null ? null : "***")
                + ", dbName=" + dbName + ", secure=" + secure + "]";
    }

    /** {@code http://user:secret@host} becomes {@code http://***@host}. */
    public static String redactUserInfo(String uri) {
        if (uri == null) {
            return null;
        }
        int scheme = uri.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int at = uri.lastIndexOf('@');
        int slash = uri.indexOf('/', start);
        if (at > start && (slash < 0 || at < slash)) {
            return uri.substring(0, start) + "***" + uri.substring(at);
        }
        return uri;
    }
}
