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

    /** This server with another database (null for the default one). */
    public MilvusTarget withDbName(String newDbName) {
        return new MilvusTarget(uri, user, password, token, newDbName, secure, caPemPath, clientPemPath,
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

    /**
     * {@code http://user:secret@host} becomes {@code http://***@host}. The user-info ends at the last {@code @}
     * of the authority ({@code user:p@ss@host}); an {@code @} in the path, query or fragment is left alone.
     */
    public static String redactUserInfo(String uri) {
        if (uri == null) {
            return null;
        }
        int at = userInfoEnd(uri);
        return at < 0 ? uri : uri.substring(0, authorityStart(uri)) + "***" + uri.substring(at);
    }

    /** The index of the {@code @} that ends the URI's user-info, or -1 when it has none. */
    static int userInfoEnd(String uri) {
        int start = authorityStart(uri);
        int end = uri.length();
        for (char delimiter : new char[] {'/', '?', '#'}) {
            int index = uri.indexOf(delimiter, start);
            if (index >= 0 && index < end) {
                end = index;
            }
        }
        int at = end == 0 ? -1 : uri.lastIndexOf('@', end - 1);
        return at >= start ? at : -1;
    }

    static int authorityStart(String uri) {
        int scheme = uri.indexOf("://");
        return scheme < 0 ? 0 : scheme + 3;
    }
}
