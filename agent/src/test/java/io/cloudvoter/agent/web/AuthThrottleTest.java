package io.cloudvoter.agent.web;

import io.cloudvoter.agent.testing.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class AuthThrottleTest {
    final FakeClock clock = new FakeClock();
    final AuthThrottle throttle = new AuthThrottle(new AuthThrottle.Settings(3, Duration.ofMinutes(1), Duration.ofMinutes(5)), clock);

    @Test
    void theThirdFailureWithinTheWindowLocksTheAddressOutForTheLockout() {
        throttle.failed("10.0.0.1");
        throttle.failed("10.0.0.1");
        assertThat(throttle.lockedOut("10.0.0.1")).isEmpty();
        throttle.failed("10.0.0.1");
        assertThat(throttle.lockedOut("10.0.0.1")).contains(Duration.ofMinutes(5));
        assertThat(throttle.lockedOut("10.0.0.2")).as("another address").isEmpty();

        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(throttle.lockedOut("10.0.0.1")).contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.lockedOut("10.0.0.1")).isEmpty();
        assertThat(throttle.lockouts()).isEqualTo(1);
    }

    @Test
    void failuresOlderThanTheWindowAreForgotten() {
        throttle.failed("10.0.0.1");
        throttle.failed("10.0.0.1");
        clock.advance(Duration.ofMinutes(1));
        throttle.failed("10.0.0.1");
        assertThat(throttle.lockedOut("10.0.0.1")).isEmpty();
    }

    @Test
    void aFloodOfAddressesDoesNotGrowItWithoutBound() {
        for (int i = 0; i < AuthThrottle.MAX_ADDRESSES + 500; i++) {
            throttle.failed("192.0.2." + i);
        }
        throttle.failed("10.0.0.9");
        throttle.failed("10.0.0.9");
        throttle.failed("10.0.0.9");
        assertThat(throttle.lockedOut("10.0.0.9")).as("the newest addresses are kept").isPresent();
        assertThat(throttle.failures()).isEqualTo(AuthThrottle.MAX_ADDRESSES + 503);
    }
}
