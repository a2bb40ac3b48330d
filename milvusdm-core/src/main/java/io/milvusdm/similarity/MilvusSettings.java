package io.milvusdm.similarity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvusdm.milvus.MilvusTarget;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * How the Milvus backend connects: FiftyOne's eleven connection parameters. Each may be null (not given here).
 * {@link #resolve} layers them: values given to the call, then environment variables
 * {@code MILVUSDM_SIMILARITY_MILVUS_<NAME>} ({@code URI}, {@code USER}, {@code PASSWORD}, {@code TOKEN},
 * {@code DB_NAME}, {@code SECURE}, {@code SERVER_PEM_PATH}, {@code CLIENT_PEM_PATH}, {@code CLIENT_KEY_PATH},
 * {@code CA_PEM_PATH}, {@code SERVER_NAME}), then the {@code "milvus"} object of the JSON config file (same names
 * in lower case: {@code "db_name"}), then defaults ({@code uri = http://127.0.0.1:19530}, no credentials).
 *
 * <p>These settings are never stored in index records, and {@link #toString()} masks the password and token.
 */
public record MilvusSettings(String uri, String user, String password, String token, String dbName, Boolean secure,
                             String serverPemPath, String clientPemPath, String clientKeyPath, String caPemPath,
                             String serverName) {

    public static final String ENV_PREFIX = "MILVUSDM_SIMILARITY_MILVUS_";
    /** Environment variable naming the JSON config file. */
    public static final String ENV_CONFIG = "MILVUSDM_SIMILARITY_CONFIG";
    public static final String DEFAULT_URI = "http://127.0.0.1:19530";
    public static final MilvusSettings NONE = new MilvusSettings(null, null, null, null, null, null, null, null, null,
            null, null);

    public static MilvusSettings uri(String uri) {
        return NONE.withUri(uri);
    }

    public MilvusSettings withUri(String value) {
        return new MilvusSettings(value, user, password, token, dbName, secure, serverPemPath, clientPemPath,
                clientKeyPath, caPemPath, serverName);
    }

    public MilvusSettings withCredentials(String newUser, String newPassword) {
        return new MilvusSettings(uri, newUser, newPassword, token, dbName, secure, serverPemPath, clientPemPath,
                clientKeyPath, caPemPath, serverName);
    }

    public MilvusSettings withToken(String value) {
        return new MilvusSettings(uri, user, password, value, dbName, secure, serverPemPath, clientPemPath,
                clientKeyPath, caPemPath, serverName);
    }

    public MilvusSettings withDbName(String value) {
        return new MilvusSettings(uri, user, password, token, value, secure, serverPemPath, clientPemPath,
                clientKeyPath, caPemPath, serverName);
    }

    /** {@code $MILVUSDM_SIMILARITY_CONFIG}, else {@code ~/.milvusdm/similarity.json}. */
    public static Path defaultConfigFile(Map<String, String> environment) {
        String configured = environment.get(ENV_CONFIG);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".milvusdm", "similarity.json");
    }

    /**
     * The settings to connect with: {@code call} over the environment over the config file over the defaults.
     *
     * @param configFile the JSON config file; a missing file counts as empty
     */
    public static MilvusSettings resolve(MilvusSettings call, Map<String, String> environment, Path configFile)
            throws IOException {
        MilvusSettings env = fromEnvironment(environment);
        MilvusSettings file = fromConfigFile(configFile);
        MilvusSettings layered = call.over(env).over(file);
        return layered.uri == null ? layered.withUri(DEFAULT_URI) : layered;
    }

    /** Each field of this, else of {@code lower}. */
    public MilvusSettings over(MilvusSettings lower) {
        return new MilvusSettings(first(uri, lower.uri), first(user, lower.user), first(password, lower.password),
                first(token, lower.token), first(dbName, lower.dbName), first(secure, lower.secure),
                first(serverPemPath, lower.serverPemPath), first(clientPemPath, lower.clientPemPath),
                first(clientKeyPath, lower.clientKeyPath), first(caPemPath, lower.caPemPath),
                first(serverName, lower.serverName));
    }

    private static <T> T first(T a, T b) {
        return a != null ? a : b;
    }

    static MilvusSettings fromEnvironment(Map<String, String> environment) {
        Function<String, String> get = name -> {
            String value = environment.get(ENV_PREFIX + name);
            return value == null || value.isEmpty() ? null : value;
        };
        return new MilvusSettings(get.apply("URI"), get.apply("USER"), get.apply("PASSWORD"), get.apply("TOKEN"),
                get.apply("DB_NAME"), bool(get.apply("SECURE"), ENV_PREFIX + "SECURE"), get.apply("SERVER_PEM_PATH"),
                get.apply("CLIENT_PEM_PATH"), get.apply("CLIENT_KEY_PATH"), get.apply("CA_PEM_PATH"),
                get.apply("SERVER_NAME"));
    }

    static MilvusSettings fromConfigFile(Path file) throws IOException {
        if (file == null || !Files.exists(file)) {
            return NONE;
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException("Similarity config " + file + " is not JSON: " + e.getMessage(), e);
        }
        JsonNode milvus = root == null ? null : root.get("milvus");
        if (milvus == null || milvus.isNull()) {
            return NONE;
        }
        if (!milvus.isObject()) {
            throw new IOException("Similarity config " + file + ": \"milvus\" must be an object");
        }
        Function<String, String> get = name -> {
            JsonNode value = milvus.get(name);
            return value == null || value.isNull() ? null : value.asText();
        };
        return new MilvusSettings(get.apply("uri"), get.apply("user"), get.apply("password"), get.apply("token"),
                get.apply("db_name"), bool(get.apply("secure"), file + ": milvus.secure"), get.apply("server_pem_path"),
                get.apply("client_pem_path"), get.apply("client_key_path"), get.apply("ca_pem_path"),
                get.apply("server_name"));
    }

    private static Boolean bool(String value, String where) {
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> Boolean.TRUE;
            case "false", "0", "no" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException(where + " must be true or false, found '" + value + "'");
        };
    }

    /**
     * The connection target. One-way TLS trusts {@code caPemPath}, else {@code serverPemPath}; two-way TLS takes
     * the CA with the client certificate and key.
     */
    public MilvusTarget toTarget() {
        String trust = caPemPath != null ? caPemPath : serverPemPath;
        return new MilvusTarget(uri, user, password, token, dbName, Boolean.TRUE.equals(secure),
                trust == null ? null : Path.of(trust), clientPemPath == null ? null : Path.of(clientPemPath),
                clientKeyPath == null ? null : Path.of(clientKeyPath), serverName);
    }

    @Override
    public String toString() {
        return "MilvusSettings[uri=" + MilvusTarget.redactUserInfo(uri) + ", user=" + user + ", password="
                + (password == null ? null : "***") + ", token=" + (token == null ? null : "***") + ", dbName=" + dbName
                + ", secure=" + secure + "]";
    }
}
