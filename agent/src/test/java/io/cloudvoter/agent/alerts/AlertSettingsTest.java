package io.cloudvoter.agent.alerts;

import io.cloudvoter.agent.config.ConfigException;
import io.cloudvoter.agent.config.ConfigLoader;
import io.cloudvoter.agent.guard.GuardLevel;
import io.cloudvoter.model.api.AlertSeverity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code cloudvoter.alerts} read from a real config file: defaults, every channel type, and bad input named. */
class AlertSettingsTest {
    @TempDir
    Path dir;

    AlertSettings read(String yaml, Map<String, String> env) throws Exception {
        var file = Files.writeString(dir.resolve("agent.yaml"), "cloudvoter:\n  alerts:\n" + yaml);
        var all = new java.util.HashMap<>(env);
        all.put("CLOUDVOTER_DATA_DIR", dir.toString());
        return ConfigLoader.load(file, all).sections().alerts();
    }

    @Test
    void theDefaultsAreOnWithNoChannel() throws Exception {
        var s = read("    enabled: true\n", Map.of());
        assertThat(s.repeat()).isEqualTo(Duration.ofHours(1));
        assertThat(s.rules()).isEqualTo(new RuleSettings(3, 80.0, Duration.ofHours(1), 10, Duration.ofMinutes(30),
                Duration.ofMinutes(1), GuardLevel.HARD, true, Duration.ofSeconds(30), 100.0 * 1024 * 1024));
        assertThat(s.delivery()).isEqualTo(new AlertSettings.Delivering(Duration.ofHours(24), Duration.ofSeconds(10), Duration.ofMinutes(10)));
        assertThat(s.channels()).isEmpty();
        assertThat(s.maintenance()).isEmpty();
    }

    @Test
    void everyRuleCanBeSwitchedOff() throws Exception {
        var s = read("""
                    failures-in-a-row: off
                    success-rate: { below: off }
                    paused-longer-than: off
                    browser-down-for: off
                    guard-level: off
                    crash-restart: false
                    storage: { check-every: off, min-free: off }
                    repeat: off
                """, Map.of());
        assertThat(s.rules()).isEqualTo(new RuleSettings(0, null, Duration.ofHours(1), 10, Duration.ZERO, Duration.ZERO, null, false,
                Duration.ZERO, null));
        assertThat(s.repeat()).isZero();
    }

    @Test
    void theEnvironmentWebhookTakesEverySeverityAndTheChannelsTheirOwn() throws Exception {
        var s = read("""
                    channels:
                      - { name: chat, type: slack, url-env: SLACK_URL, severities: [warning, critical] }
                      - { name: team, type: discord, url: "https://discord.example/api/webhooks/1/abc" }
                      - { name: phone, type: ntfy, url: "https://ntfy.example/topic", token-env: NTFY, severities: critical, timeout: 3s }
                      - name: mail
                        type: email
                        host: smtp.example.org
                        security: ssl
                        username: bot
                        password-env: SMTP_PASSWORD
                        from: bot@example.org
                        to: [ops@example.org, night@example.org]
                    maintenance:
                      - { days: [sat, Sunday], from: "23:00", to: "01:30", zone: Europe/Berlin, scope: "flow:demo-vote" }
                """, Map.of("CLOUDVOTER_ALERT_WEBHOOK", "https://hooks.example.org/cv/xyz", "CLOUDVOTER_ALERT_WEBHOOK_SECRET", "s3cret",
                "SLACK_URL", "https://hooks.slack.example/services/T/B/X", "NTFY", "tk_1", "SMTP_PASSWORD", "pw-1"));
        assertThat(s.channels()).extracting(ChannelSettings::name).containsExactly("webhook", "chat", "team", "phone", "mail");
        var env = s.channels().getFirst();
        assertThat(env.type()).isEqualTo(ChannelSettings.Type.WEBHOOK);
        assertThat(env.secret()).isEqualTo("s3cret");
        assertThat(env.severities()).isEqualTo(EnumSet.allOf(AlertSeverity.class));
        assertThat(env.target()).isEqualTo("https://hooks.example.org/…");
        assertThat(s.channels().get(1).url().toString()).isEqualTo("https://hooks.slack.example/services/T/B/X");
        assertThat(s.channels().get(1).severities()).containsExactlyInAnyOrder(AlertSeverity.WARNING, AlertSeverity.CRITICAL);
        assertThat(s.channels().get(3).secret()).isEqualTo("tk_1");
        assertThat(s.channels().get(3).timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.channels().get(3).severities()).containsExactly(AlertSeverity.CRITICAL);
        var mail = s.channels().get(4);
        assertThat(mail.email().port()).isEqualTo(465);
        assertThat(mail.email().password()).isEqualTo("pw-1");
        assertThat(mail.email().to()).containsExactly("ops@example.org", "night@example.org");
        assertThat(mail.target()).isEqualTo("smtp://smtp.example.org:465 → ops@example.org, night@example.org");
        for (var c : s.channels()) {
            assertThat(c.toString()).doesNotContain("s3cret", "xyz", "/services/T/B/X", "tk_1", "pw-1", "/topic", "/1/abc");
        }
        assertThat(s.maintenance()).singleElement().isEqualTo(new MaintenanceWindow(Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY),
                LocalTime.of(23, 0), LocalTime.of(1, 30), ZoneId.of("Europe/Berlin"), Scope.parse("flow:demo-vote")));
    }

    @Test
    void everyMistakeIsNamedWithItsKeyAndNoSecretIsEchoed() {
        assertThatThrownBy(() -> read("""
                    failures-in-a-row: lots
                    guard-level: soft
                    success-rate: { below: 180% }
                    channels:
                      - { name: ops, type: pager, url: "https://x" }
                      - { name: hook, type: webhook, url: "ftp://user:pw-SECRET@host/path" }
                      - { name: hook2, type: webhook, url: "https://ok.example/h", severities: [urgent] }
                      - { name: hook2, type: webhook, url: "https://ok.example/h2" }
                      - { name: mail, type: email, from: nobody, to: [], password: x }
                      - { name: "bad name!", type: slack, url-env: NOT_SET }
                    maintenance:
                      - { from: "25:00", to: "02:00", days: [someday], zone: Mars/Base }
                """, Map.of()))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> {
                    var problems = ((ConfigException) e).problems();
                    assertThat(problems).contains(
                            "cloudvoter.alerts.failures-in-a-row: 'lots' is not a whole number (or off)",
                            "cloudvoter.alerts.guard-level: 'soft' is not hard, critical or off",
                            "cloudvoter.alerts.success-rate.below: 180% is out of range: more than 0%, at most 100%",
                            "cloudvoter.alerts.channels[0].type: 'pager' is not a channel type (write webhook, slack, discord, ntfy or email)",
                            "cloudvoter.alerts.channels[1].url: not an absolute http:// or https:// URL",
                            "cloudvoter.alerts.channels[2].severities: 'urgent' is not a severity (write info, warning or critical)",
                            "cloudvoter.alerts.channels[3].name: 'hook2' is used twice",
                            "cloudvoter.alerts.channels[4].host: missing (the SMTP server, e.g. smtp.example.org)",
                            "cloudvoter.alerts.channels[4].from: 'nobody' is not an e-mail address",
                            "cloudvoter.alerts.channels[4].to: missing (one or more recipient addresses)",
                            "cloudvoter.alerts.channels[4].username: missing (a password is set, so the server needs a user name too)",
                            "cloudvoter.alerts.channels[5].name: 'bad name!' is not a valid name (letters, digits, '.', '_', '-'; at most 32)",
                            "cloudvoter.alerts.channels[5].url-env: the environment variable NOT_SET is not set",
                            "cloudvoter.alerts.maintenance[0].days: 'someday' is not a day (write mon, tue, wed, thu, fri, sat or sun)",
                            "cloudvoter.alerts.maintenance[0].from: '25:00' is not a time of day (write e.g. \"02:00\" or \"23:30\")",
                            "cloudvoter.alerts.maintenance[0].zone: 'Mars/Base' is not a time zone (write e.g. UTC or Europe/Berlin)");
                    assertThat(String.join("\n", problems)).doesNotContain("pw-SECRET");
                });
    }

    @Test
    void aWebhookSecretWithoutItsUrlIsAMistake() {
        assertThatThrownBy(() -> read("    enabled: true\n", Map.of("CLOUDVOTER_ALERT_WEBHOOK_SECRET", "s")))
                .hasMessageContaining("CLOUDVOTER_ALERT_WEBHOOK_SECRET: set without CLOUDVOTER_ALERT_WEBHOOK");
        assertThatThrownBy(() -> read("    enabled: true\n", Map.of("CLOUDVOTER_ALERT_WEBHOOK", "not a url")))
                .hasMessageContaining("CLOUDVOTER_ALERT_WEBHOOK: not an absolute http:// or https:// URL");
    }

    @Test
    void maintenanceWindowsCoverTheirDaysAndRunPastMidnight() {
        var night = new MaintenanceWindow(Set.of(DayOfWeek.SATURDAY), LocalTime.of(23, 0), LocalTime.of(1, 0), ZoneOffset.UTC, Scope.AGENT);
        // 2026-06-06 is a Saturday
        assertThat(night.endIfActive(Instant.parse("2026-06-06T22:59:59Z"))).isEmpty();
        assertThat(night.endIfActive(Instant.parse("2026-06-06T23:00:00Z"))).contains(Instant.parse("2026-06-07T01:00:00Z"));
        assertThat(night.endIfActive(Instant.parse("2026-06-07T00:59:59Z"))).contains(Instant.parse("2026-06-07T01:00:00Z"));
        assertThat(night.endIfActive(Instant.parse("2026-06-07T01:00:00Z"))).isEmpty();
        assertThat(night.endIfActive(Instant.parse("2026-06-07T23:30:00Z"))).as("Sunday night is not Saturday's").isEmpty();
        var daily = new MaintenanceWindow(Set.of(), LocalTime.of(2, 0), LocalTime.of(3, 0), ZoneId.of("Europe/Berlin"), Scope.AGENT);
        assertThat(daily.endIfActive(Instant.parse("2026-06-03T00:30:00Z"))).contains(Instant.parse("2026-06-03T01:00:00Z"));
        assertThat(daily.endIfActive(Instant.parse("2026-06-03T01:00:00Z"))).isEmpty();
    }

    @Test
    void backoffDoublesUpToItsCapWithAtMostHalfTakenOff() {
        var none = new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(10), () -> 1.0);
        assertThat(List.of(none.after(1), none.after(2), none.after(3), none.after(7), none.after(100)))
                .containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40), Duration.ofMinutes(10),
                        Duration.ofMinutes(10));
        var most = new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(10), () -> 0.0);
        assertThat(most.after(2)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void scopesAreCheckedAndCoverWhatTheyName() {
        assertThat(Scope.parse("agent")).isEqualTo(Scope.AGENT);
        assertThat(Scope.parse("instance:poll-1").toString()).isEqualTo("instance:poll-1");
        assertThatThrownBy(() -> Scope.parse("host:x")).hasMessage("'host:x' is not a scope (write agent, instance:ID or flow:NAME)");
        assertThatThrownBy(() -> Scope.parse("flow:")).hasMessageContaining("'' is not a valid flow name");
        var alert = Alerts.opened("k", "r", AlertSeverity.INFO, "m", "poll-1", "vote", Instant.EPOCH);
        assertThat(Scope.parse("instance:poll-1").covers(alert)).isTrue();
        assertThat(Scope.parse("instance:poll-2").covers(alert)).isFalse();
        assertThat(Scope.parse("flow:vote").covers(alert)).isTrue();
        assertThat(Scope.AGENT.covers(alert)).isTrue();
    }
}
