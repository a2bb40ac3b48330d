package io.milvusdm.milvus;

import io.milvus.v2.exception.ErrorCode;
import io.milvus.v2.exception.MilvusClientException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Secrets stay out of toString, URIs and error messages (the cases of the SDK's CredentialRedactionTest, and ours). */
class CredentialRedactionTest {

    private static final MilvusTarget TARGET = new MilvusTarget("https://uri-user:uri-password@host:19530/default",
            "sensitive-user", "sensitive-password", "sensitive-token", "db", true, null, null, null, null);

    @Test
    void target_to_string_shows_no_secret() {
        String text = TARGET.toString();

        assertThat(text).doesNotContain("sensitive-password", "sensitive-token", "uri-user", "uri-password")
                .contains("uri=https://***@host:19530/default", "user=sensitive-user", "password=***", "token=***");
        assertThat(MilvusTarget.of("http://h:1").toString()).contains("password=null", "token=null");
    }

    @Test
    void uri_user_info_ends_at_the_last_at_sign_of_the_authority() {
        assertThat(MilvusTarget.redactUserInfo("https://user:p@ss@host:19530/default"))
                .isEqualTo("https://***@host:19530/default");
        assertThat(MilvusTarget.redactUserInfo("https://uri-user:uri-password@foo.example"))
                .isEqualTo("https://***@foo.example");
        assertThat(MilvusTarget.redactUserInfo("user:pw@host:19530")).isEqualTo("***@host:19530");
    }

    @Test
    void at_signs_in_path_query_and_fragment_are_not_user_info() {
        for (String uri : new String[] {"https://host:19530/default?owner=a@b", "https://host:19530/default#owner=a@b",
            "https://host:19530?owner=a@b", "http://host:19530/a@b", "http://host:19530", null}) {
            assertThat(MilvusTarget.redactUserInfo(uri)).isEqualTo(uri);
        }
    }

    @Test
    void scrub_masks_every_form_of_the_secrets() {
        Secrets secrets = Secrets.of(TARGET);
        String header = Base64.getEncoder().encodeToString("sensitive-token".getBytes(StandardCharsets.UTF_8));

        String scrubbed = secrets.scrub("token sensitive-token, pw sensitive-password, uri uri-user:uri-password, "
                + "just uri-password, header " + header);

        assertThat(scrubbed).isEqualTo("token ***, pw ***, uri ***, just ***, header ***");
    }

    @Test
    void user_and_password_make_the_authorization_when_there_is_no_token() {
        MilvusTarget target = new MilvusTarget("http://h:1", "alice", "pa:ss", null, null, false, null, null, null, null);
        String header = Base64.getEncoder().encodeToString("alice:pa:ss".getBytes(StandardCharsets.UTF_8));

        assertThat(Secrets.authorization(target)).isEqualTo("alice:pa:ss");
        assertThat(Secrets.of(target).scrub("sent " + header + " for alice")).isEqualTo("sent *** for alice");
        assertThat(Secrets.authorization(MilvusTarget.of("http://h:1"))).isNull();
    }

    @Test
    void wrapped_errors_carry_neither_the_secret_in_the_message_nor_a_leaking_cause() {
        Secrets secrets = Secrets.of(TARGET);
        MilvusClientException sdk = new MilvusClientException(ErrorCode.SERVER_ERROR,
                "Invalid url: https://uri-user:uri-password@host, password sensitive-password", 5, 0);

        MilvusOperationException wrapped = MilvusErrors.wrap("Describe collection 'c'", sdk, secrets);

        assertThat(wrapped).hasMessage("Describe collection 'c' failed: Invalid url: https://***@host, password ***");
        assertThat(wrapped.getCause()).isNull();
        assertThat(wrapped.sdkErrorCode()).isEqualTo("SERVER_ERROR");
        assertThat(wrapped.serverCode()).isEqualTo(5);
    }

    @Test
    void a_clean_cause_is_kept() {
        MilvusClientException sdk = new MilvusClientException(ErrorCode.SERVER_ERROR, "collection not found", 100, 4);

        MilvusOperationException wrapped = MilvusErrors.wrap("Describe collection 'c'", sdk, Secrets.of(TARGET));

        assertThat(wrapped.getCause()).isSameAs(sdk);
        assertThat(wrapped.kind()).isEqualTo(MilvusOperationException.Kind.SERVER);
    }
}
