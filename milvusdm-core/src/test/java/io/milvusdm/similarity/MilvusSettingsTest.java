package io.milvusdm.similarity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Connection settings: call options over environment over config file over defaults. */
class MilvusSettingsTest {

    @TempDir
    Path dir;

    Path config(String json) throws IOException {
        Path file = dir.resolve("similarity.json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void each_setting_comes_from_the_highest_layer_that_has_it() throws IOException {
        Path file = config("""
                {"milvus": {"uri": "http://file:1", "user": "file-user", "password": "file-pw", "db_name": "filedb",
                            "secure": true, "ca_pem_path": "/file/ca.pem", "server_name": "file.host"}}""");
        Map<String, String> env = Map.of(
                "MILVUSDM_SIMILARITY_MILVUS_URI", "http://env:2",
                "MILVUSDM_SIMILARITY_MILVUS_PASSWORD", "env-pw",
                "MILVUSDM_SIMILARITY_MILVUS_TOKEN", "env-token",
                "MILVUSDM_SIMILARITY_MILVUS_SECURE", "false");
        MilvusSettings call = MilvusSettings.uri("http://call:3").withDbName("calldb");

        MilvusSettings resolved = MilvusSettings.resolve(call, env, file);

        assertThat(resolved.uri()).isEqualTo("http://call:3");
        assertThat(resolved.dbName()).isEqualTo("calldb");
        assertThat(resolved.password()).isEqualTo("env-pw");
        assertThat(resolved.token()).isEqualTo("env-token");
        assertThat(resolved.secure()).isFalse();
        assertThat(resolved.user()).isEqualTo("file-user");
        assertThat(resolved.caPemPath()).isEqualTo("/file/ca.pem");
        assertThat(resolved.serverName()).isEqualTo("file.host");
        assertThat(resolved.clientPemPath()).isNull();
    }

    @Test
    void defaults_apply_when_no_layer_has_a_value() throws IOException {
        MilvusSettings resolved = MilvusSettings.resolve(MilvusSettings.NONE, Map.of(), dir.resolve("missing.json"));
        assertThat(resolved.uri()).isEqualTo("http://127.0.0.1:19530");
        assertThat(resolved.toTarget().hasCredentials()).isFalse();
        assertThat(resolved.toTarget().secure()).isFalse();
    }

    @Test
    void the_config_file_is_found_through_the_environment() throws IOException {
        Path file = config("{\"milvus\": {\"uri\": \"http://from-file:9\"}}");
        Map<String, String> env = Map.of(MilvusSettings.ENV_CONFIG, file.toString());
        assertThat(MilvusSettings.resolve(MilvusSettings.NONE, env, MilvusSettings.defaultConfigFile(env)).uri())
                .isEqualTo("http://from-file:9");
    }

    @Test
    void tls_paths_reach_the_target_and_secrets_stay_out_of_text() throws IOException {
        Map<String, String> env = Map.of(
                "MILVUSDM_SIMILARITY_MILVUS_SERVER_PEM_PATH", "/tls/server.pem",
                "MILVUSDM_SIMILARITY_MILVUS_CLIENT_PEM_PATH", "/tls/client.pem",
                "MILVUSDM_SIMILARITY_MILVUS_CLIENT_KEY_PATH", "/tls/client.key",
                "MILVUSDM_SIMILARITY_MILVUS_SECURE", "true",
                "MILVUSDM_SIMILARITY_MILVUS_PASSWORD", "hunter22",
                "MILVUSDM_SIMILARITY_MILVUS_TOKEN", "root:hunter22");
        MilvusSettings resolved = MilvusSettings.resolve(MilvusSettings.NONE, env, null);
        var target = resolved.toTarget();
        assertThat(target.secure()).isTrue();
        assertThat(target.caPemPath()).isEqualTo(Path.of("/tls/server.pem"));
        assertThat(target.clientPemPath()).isEqualTo(Path.of("/tls/client.pem"));
        assertThat(target.clientKeyPath()).isEqualTo(Path.of("/tls/client.key"));
        assertThat(resolved.toString()).doesNotContain("hunter22");
        assertThat(target.toString()).doesNotContain("hunter22");
    }

    @Test
    void bad_values_name_where_they_came_from() throws IOException {
        assertThatThrownBy(() -> MilvusSettings.resolve(MilvusSettings.NONE,
                Map.of("MILVUSDM_SIMILARITY_MILVUS_SECURE", "maybe"), null))
                .hasMessage("MILVUSDM_SIMILARITY_MILVUS_SECURE must be true or false, found 'maybe'");
        Path file = config("{not json");
        assertThatThrownBy(() -> MilvusSettings.resolve(MilvusSettings.NONE, Map.of(), file))
                .hasMessageContaining(file + " is not JSON");
    }
}
