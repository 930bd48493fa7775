package io.cloudvoter.agent.flow;

import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.flow.OutcomeRules;
import io.cloudvoter.model.flow.RateLimitRule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomeReaderTest {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    /** 10:00 in Paris (summer time, UTC+2). */
    static final Instant NOW = Instant.parse("2026-06-15T08:00:00Z");
    static final OutcomeRules RULES = new OutcomeRules(
            List.of("Thanks for voting"),
            List.of("Voting is closed"),
            new RateLimitRule(List.of("Too many votes"), "Try again in (\\d+) (seconds?|minutes?)", "retry at (\\S+)"));

    static OutcomeReader.Verdict read(String text, OutcomeRules rules) {
        return OutcomeReader.read(text, rules, NOW, PARIS);
    }

    @Test
    void successPatternMatchesCaseInsensitivelyAndIsQuoted() {
        var verdict = read("Pizza poll\nTHANKS FOR VOTING, Ann!\nVotes so far: 18", RULES);

        assertThat(verdict.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(verdict.message()).isEqualTo("page says \"THANKS FOR VOTING, Ann!\"");
        assertThat(verdict.retryAt()).isNull();
    }

    @Test
    void failurePatternWinsOverSuccessAndQuotesItsLine() {
        var verdict = read("Thanks for voting yesterday.\nVoting is closed until Monday.", RULES);

        assertThat(verdict.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(verdict.message()).isEqualTo("page says \"Voting is closed until Monday.\"");
    }

    @Test
    void rateLimitWinsOverFailureAndReadsRetryAfterInSeconds() {
        var verdict = read("Voting is closed for you.\nToo many votes. Try again in 42 seconds.", RULES);

        assertThat(verdict.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(verdict.retryAt()).isEqualTo(NOW.plusSeconds(42));
        assertThat(verdict.message()).contains("Too many votes. Try again in 42 seconds.").contains("retry at " + NOW.plusSeconds(42));
    }

    @Test
    void retryAfterReadsMinutes() {
        assertThat(read("Too many votes. Try again in 3 minutes.", RULES).retryAt()).isEqualTo(NOW.plusSeconds(180));
    }

    @Test
    void retryAfterWithoutUnitGroupMeansSeconds() {
        var rules = new OutcomeRules(List.of(), List.of(), new RateLimitRule(List.of("slow down"), "wait (\\d+)", null));

        assertThat(read("Slow down! wait 90", rules).retryAt()).isEqualTo(NOW.plusSeconds(90));
    }

    @Test
    void retryAtClockTimeLaterTodayIsToday() {
        assertThat(read("Too many votes, retry at 14:30", RULES).retryAt()).isEqualTo(Instant.parse("2026-06-15T12:30:00Z"));
    }

    @Test
    void retryAtClockTimeAlreadyPastIsTomorrow() {
        assertThat(read("Too many votes, retry at 09:15:30", RULES).retryAt()).isEqualTo(Instant.parse("2026-06-16T07:15:30Z"));
    }

    @Test
    void retryAtReadsAnIsoInstant() {
        assertThat(read("Too many votes, retry at 2026-06-15T09:00:00Z", RULES).retryAt()).isEqualTo(Instant.parse("2026-06-15T09:00:00Z"));
    }

    @Test
    void rateLimitWithoutReadableRetryTimeHasNone() {
        var verdict = read("Too many votes. Come back later.", RULES);

        assertThat(verdict.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(verdict.retryAt()).isNull();
        assertThat(verdict.message()).endsWith("the page gives no retry time");
    }

    @Test
    void noSuccessMatchIsAFailureQuotingTheStartOfThePage() {
        var page = "Welcome!\n" + "x".repeat(500);

        var verdict = read(page, RULES);

        assertThat(verdict.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(verdict.message()).startsWith("none of the success patterns matched; page says: Welcome! xxx")
                .hasSizeLessThan(260);
    }

    @Test
    void noPatternsAtAllIsSuccess() {
        assertThat(read("anything", OutcomeRules.none()).outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(read(null, OutcomeRules.none()).outcome()).isEqualTo(Outcome.SUCCESS);
    }

    @Test
    void refusalIgnoresSuccessPatterns() {
        assertThat(OutcomeReader.refusal("Thanks for voting", RULES, NOW, PARIS)).isEmpty();
        assertThat(OutcomeReader.refusal("Voting is closed", RULES, NOW, PARIS)).get()
                .extracting(OutcomeReader.Verdict::outcome).isEqualTo(Outcome.FAILED);
    }

    @Test
    void numberIsTheFirstNumberInTheText() {
        assertThat(OutcomeReader.number("1,234 votes", null).value()).isEqualTo(1234.0);
        assertThat(OutcomeReader.number("-3.5", null).value()).isEqualTo(-3.5);
        assertThat(OutcomeReader.number("Votes so far: 17", null).value()).isEqualTo(17.0);
        assertThat(OutcomeReader.number("item-3 has 12", null).value()).isEqualTo(3.0);
    }

    @Test
    void numberWithPatternIsItsFirstGroup() {
        assertThat(OutcomeReader.number("Round 2: 1,050 votes", "([\\d,]+) votes").value()).isEqualTo(1050.0);
    }

    @Test
    void unreadableNumberGivesAClearProblemNotAnException() {
        var none = OutcomeReader.number("no votes yet", null);
        var unmatched = OutcomeReader.number("Round 2", "(\\d+) votes");

        assertThat(none.value()).isNull();
        assertThat(none.problem()).isEqualTo("no number in \"no votes yet\"");
        assertThat(unmatched.value()).isNull();
        assertThat(unmatched.problem()).isEqualTo("pattern \"(\\d+) votes\" did not match \"Round 2\"");
    }

    @Test
    void aPatternThatWouldBacktrackForEverIsMatchedInLinearTime() {
        // java.util.regex takes about a minute of a core on this 30-character text (seen: a run with a 10 s
        // timeout took 53 s); linear matching answers at once. The bound is far from either.
        var evil = new OutcomeRules(List.of("(.*a){12}$"), List.of(), RateLimitRule.none());
        var page = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaab";
        var verdict = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> read(page, evil));
        assertThat(verdict.outcome()).isEqualTo(Outcome.FAILED);
        var extracted = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> OutcomeReader.number("x".repeat(200_000) + " 7", "(?:(?:x|x)*)+ (\\d)"));
        assertThat(extracted.value()).isEqualTo(7.0);
    }

    @Test
    void aMinusSignCountsOnlyWhenNoLetterOrDigitStandsBeforeIt() {
        assertThat(OutcomeReader.number("A-3", null).value()).isEqualTo(3.0);
        assertThat(OutcomeReader.number("Ω-3", null).value()).isEqualTo(3.0);
        assertThat(OutcomeReader.number("2-3", null).value()).isEqualTo(2.0);
        assertThat(OutcomeReader.number("balance: -1,234.5", null).value()).isEqualTo(-1234.5);
        assertThat(OutcomeReader.number("--5", null).value()).isEqualTo(-5.0);
    }

    @Test
    void patternsStillMatchCaseInsensitivelyBeyondAscii() {
        var rules = new OutcomeRules(List.of("déjà voté"), List.of(), RateLimitRule.none());
        assertThat(read("DÉJÀ VOTÉ aujourd'hui", rules).outcome()).isEqualTo(Outcome.SUCCESS);
    }
}
