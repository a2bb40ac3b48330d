package io.milvusdm.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milvusdm.format.milvus1x.Milvus1xMetaStore.MySql;
import org.junit.jupiter.api.Test;

/** milvus-migration's meta.mysqlUrl, read as go-sql-driver/mysql's ParseDSN reads it. */
class GoMySqlDsnTest {

    @Test
    void the_dsn_of_milvus_migrations_readme_names_server_user_password_and_database() {
        assertThat(GoMySqlDsn.parse("root:123456@tcp(10.1.2.3:3307)/milvus?charset=utf8mb4&parseTime=True&loc=Local",
                null)).isEqualTo(new MySql("10.1.2.3", 3307, "root", "123456", "milvus"));
    }

    @Test
    void a_password_may_hold_colons_at_signs_and_slashes_as_the_go_driver_allows() {
        assertThat(GoMySqlDsn.parse("milvus:p:a@s/s@tcp(db.local:3306)/meta", null))
                .isEqualTo(new MySql("db.local", 3306, "milvus", "p:a@s/s", "meta"));
    }

    @Test
    void address_defaults_and_ipv6_are_the_go_drivers() {
        assertThat(GoMySqlDsn.parse("u:p@/milvus", null)).isEqualTo(new MySql("127.0.0.1", 3306, "u", "p", "milvus"));
        assertThat(GoMySqlDsn.parse("u:p@tcp(db)/milvus", null)).isEqualTo(new MySql("db", 3306, "u", "p", "milvus"));
        assertThat(GoMySqlDsn.parse("u:p@tcp([::1]:3310)/milvus", null))
                .isEqualTo(new MySql("::1", 3310, "u", "p", "milvus"));
        assertThat(GoMySqlDsn.parse("u:p@tcp6([fe80::1])/milvus", null))
                .isEqualTo(new MySql("fe80::1", 3306, "u", "p", "milvus"));
    }

    @Test
    void a_dsn_without_a_password_takes_the_environments() {
        assertThat(GoMySqlDsn.parse("u@tcp(h:1)/m", "from-env")).isEqualTo(new MySql("h", 1, "u", "from-env", "m"));
        assertThat(GoMySqlDsn.parse("u:@tcp(h:1)/m", "from-env")).as("an empty password is a password")
                .isEqualTo(new MySql("h", 1, "u", "", "m"));
    }

    @Test
    void every_problem_is_named_and_the_password_never_shown() {
        assertThatThrownBy(() -> GoMySqlDsn.parse("root:s3cret@tcp(h:3306)", null))
                .hasMessage("expected a Go MySQL DSN user:password@tcp(host:port)/dbname, found"
                        + " 'root:***@tcp(h:3306)': no '/' before the database name");
        assertThatThrownBy(() -> GoMySqlDsn.parse("root:s3cret@tcp(h:3306)/", null))
                .hasMessageEndingWith("found 'root:***@tcp(h:3306)/': no database name after the last '/' (the"
                        + " database that holds Tables and TableFiles)");
        assertThatThrownBy(() -> GoMySqlDsn.parse("root:s3cret@tcp(h:99999)/m", null))
                .hasMessageEndingWith("expected a port 1..65535, found '99999'");
        assertThatThrownBy(() -> GoMySqlDsn.parse("root:s3cret@unix(/var/run/mysqld.sock)/m", null))
                .hasMessageEndingWith("unix sockets are not read; give the server as tcp(host:port)");
        assertThatThrownBy(() -> GoMySqlDsn.parse("root:s3cret@tcp(h:3306/m", null))
                .hasMessageEndingWith("the address must end with ')' before the '/'");
        assertThatThrownBy(() -> GoMySqlDsn.parse("root:s3cret@udp(h)/m", null))
                .hasMessageEndingWith("expected the network tcp, found 'udp'");
        assertThatThrownBy(() -> GoMySqlDsn.parse("tcp(h:3306)/m", null)).hasMessageEndingWith("no user before '@'");
        assertThatThrownBy(() -> GoMySqlDsn.parse("root:s3cret(h)/m", null))
                .hasMessageEndingWith("found 'root:***(h)/m': no '@' after the user and password");
        for (String dsn : new String[] {"root:s3cret@tcp(h:3306)", "root:s3cret(h)/m", "root:s3cret/m",
                "root:s3cret@udp(h)/m"}) {
            assertThatThrownBy(() -> GoMySqlDsn.parse(dsn, null)).hasMessageNotContaining("s3cret");
        }
    }

    @Test
    void masking_keeps_everything_but_the_password() {
        assertThat(GoMySqlDsn.masked("root:p@ss@tcp(h:1)/m?loc=Local")).isEqualTo("root:***@tcp(h:1)/m?loc=Local");
        assertThat(GoMySqlDsn.masked("root@tcp(h:1)/m")).isEqualTo("root@tcp(h:1)/m");
        assertThat(GoMySqlDsn.masked("tcp(h:1)/m")).isEqualTo("tcp(h:1)/m");
        assertThat(GoMySqlDsn.masked("root:pw(h:1)/m")).isEqualTo("root:***(h:1)/m");
        assertThat(GoMySqlDsn.masked("root:pw")).isEqualTo("root:***");
    }
}
