package io.milvusdm.job;

import io.milvusdm.format.milvus1x.Milvus1xMetaStore;

/**
 * milvus-migration's {@code meta.mysqlUrl}: a DSN of the Go MySQL driver (go-sql-driver/mysql, which gorm's
 * {@code mysql.Open} hands it to), read as that driver's {@code ParseDSN} reads it:
 * <pre>[user[:password]@][net[(address)]]/dbname[?param1=value1&amp;...]</pre>
 * <ul>
 *   <li>the <b>last</b> {@code /} ends the address part, so a password or an address may hold one;</li>
 *   <li>the last {@code @} before it ends the user part, and the first {@code :} in that splits user from password,
 *       so a password may hold {@code :} and {@code @};</li>
 *   <li>{@code net} is {@code tcp} (also {@code tcp4}, {@code tcp6}, or nothing); the address defaults to
 *       {@code 127.0.0.1:3306}, a host without a port to port 3306, and {@code [::1]:3306} is an IPv6 one;</li>
 *   <li>the parameters ({@code charset}, {@code parseTime}, {@code loc}, ...) tune the Go driver and are not
 *       needed to read the meta tables: they are ignored.</li>
 * </ul>
 * A DSN without a password takes it from {@code MILVUSDM_MYSQL_PASSWORD}, as MilvusDM's {@code mysql_parameter}
 * does. Unix sockets ({@code unix(/path)}) are refused: the meta is read over TCP.
 */
final class GoMySqlDsn {

    static final int DEFAULT_PORT = 3306;
    static final String FORM = "user:password@tcp(host:port)/dbname";

    private GoMySqlDsn() {
    }

    /**
     * @param environmentPassword the password when the DSN has none, or null
     * @throws IllegalArgumentException naming what is wrong, with the DSN shown by {@link #masked}
     */
    static Milvus1xMetaStore.MySql parse(String dsn, String environmentPassword) {
        int slash = dsn.lastIndexOf('/');
        if (slash < 0) {
            throw invalid(dsn, "no '/' before the database name");
        }
        String left = dsn.substring(0, slash);
        int at = left.lastIndexOf('@');
        String user = "";
        String password = null;
        if (at >= 0) {
            String userInfo = left.substring(0, at);
            int colon = userInfo.indexOf(':');
            user = colon < 0 ? userInfo : userInfo.substring(0, colon);
            password = colon < 0 ? null : userInfo.substring(colon + 1);
        }
        String netAddress = left.substring(at + 1);
        String net = netAddress;
        String address = "";
        int paren = netAddress.indexOf('(');
        if (paren >= 0) {
            if (!netAddress.endsWith(")")) {
                throw invalid(dsn, "the address must end with ')' before the '/'");
            }
            net = netAddress.substring(0, paren);
            address = netAddress.substring(paren + 1, netAddress.length() - 1);
        }
        if (!net.matches("[A-Za-z0-9]*")) {
            // never echoed: without its '@' a "user:password" lands here
            throw invalid(dsn, at < 0 ? "no '@' after the user and password" : "expected the network tcp before '('");
        }
        if (net.equals("unix")) {
            throw invalid(dsn, "unix sockets are not read; give the server as tcp(host:port)");
        }
        if (!net.isEmpty() && !net.equals("tcp") && !net.equals("tcp4") && !net.equals("tcp6")) {
            throw invalid(dsn, "expected the network tcp, found '" + net + "'");
        }
        if (user.isEmpty()) {
            throw invalid(dsn, "no user before '@'");
        }
        int question = dsn.indexOf('?', slash + 1);
        String database = dsn.substring(slash + 1, question < 0 ? dsn.length() : question);
        if (database.isEmpty()) {
            throw invalid(dsn, "no database name after the last '/' (the database that holds Tables and TableFiles)");
        }
        String host = "127.0.0.1";
        int port = DEFAULT_PORT;
        if (!address.isEmpty()) {
            String portText = null;
            if (address.startsWith("[")) {
                int close = address.indexOf(']');
                if (close < 0) {
                    throw invalid(dsn, "an IPv6 address needs its closing ']'");
                }
                host = address.substring(1, close);
                if (address.length() > close + 1) {
                    if (address.charAt(close + 1) != ':') {
                        throw invalid(dsn, "expected ':port' after ']'");
                    }
                    portText = address.substring(close + 2);
                }
            } else {
                int colon = address.lastIndexOf(':');
                host = colon < 0 ? address : address.substring(0, colon);
                portText = colon < 0 ? null : address.substring(colon + 1);
            }
            if (host.isEmpty()) {
                throw invalid(dsn, "no host in the address");
            }
            if (portText != null) {
                port = port(dsn, portText);
            }
        }
        return new Milvus1xMetaStore.MySql(host, port, user, password != null ? password : environmentPassword,
                database);
    }

    private static int port(String dsn, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(dsn, "expected a port 1..65535, found '" + text + "'");
    }

    private static IllegalArgumentException invalid(String dsn, String problem) {
        return new IllegalArgumentException("expected a Go MySQL DSN " + FORM + ", found '" + masked(dsn) + "': "
                + problem);
    }

    /**
     * The DSN with its password replaced by {@code ***}: the user part is what precedes the last {@code @}; without
     * one, a {@code user:password} written before the address (a missing {@code @}) is masked up to the address or
     * the {@code /}.
     */
    static String masked(String dsn) {
        int at = dsn.lastIndexOf('@');
        int colon = dsn.indexOf(':');
        if (at >= 0) {
            return colon >= 0 && colon < at ? dsn.substring(0, colon + 1) + "***" + dsn.substring(at) : dsn;
        }
        int paren = dsn.indexOf('(');
        int slash = dsn.indexOf('/');
        int end = paren >= 0 ? paren : slash >= 0 ? slash : dsn.length();
        if (colon < 0 || colon > end) {
            return dsn;
        }
        return dsn.substring(0, colon + 1) + "***" + dsn.substring(end);
    }
}
