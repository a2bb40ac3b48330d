package io.milvusdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ConsoleProgressBarTest {

    @Test
    void a_line_shows_the_fraction_the_rate_and_the_time_left() {
        String line = ConsoleProgressBar.render("H2M", 250_000, 1_000_000, 200_000, 4.0);
        assertThat(line).isEqualTo("H2M [#######.....................]  25% 250,000/1,000,000 rows  50,000 rows/s  ETA 0:15");
    }

    @Test
    void before_any_row_the_time_left_is_unknown() {
        assertThat(ConsoleProgressBar.render("H2M", 0, 10, 0, 0)).endsWith("0 rows/s  ETA --:--");
    }

    @Test
    void long_jobs_show_hours() {
        assertThat(ConsoleProgressBar.duration(3 * 3600 + 65)).isEqualTo("3:01:05");
    }

    @Test
    void off_a_terminal_it_prints_whole_lines_and_a_final_one() {
        StringWriter out = new StringWriter();
        ConsoleProgressBar bar = new ConsoleProgressBar(new PrintWriter(out), "H2M", false);
        bar.started(100, 40);
        bar.rowsWritten(60);
        bar.finished();
        assertThat(out.toString()).contains("100% 100/100 rows").doesNotContain("\r").endsWith(System.lineSeparator());
    }
}
