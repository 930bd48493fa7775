package io.cloudvoter.agent.web;

import io.cloudvoter.agent.testing.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class AuthThrottleTest {
    final FakeClock clock = new FakeClock();
    final AuthThrottle throttle = new AuthThrottle(new AuthThrottle.Settings(3, Duration.ofMinutes(1), Duration.ofMinutes(5)), clock);

    @Test
    void theThirdFailureWithinTheWindowLocksTheNetworkOutForTheLockout() {
        throttle.failed("10.0.0.1");
        throttle.failed("10.0.0.1");
        assertThat(throttle.lockedOut("10.0.0.1")).isEmpty();
        throttle.failed("10.0.0.1");
        assertThat(throttle.lockedOut("10.0.0.1")).contains(Duration.ofMinutes(5));
        assertThat(throttle.lockedOut("10.0.1.1")).as("another /24").isEmpty();

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
    void guessesFromAnyLoopbackAddressLockOutEveryLoopbackAddress() {
        throttle.failed("127.0.0.2");
        throttle.failed("127.0.3.4");
        throttle.failed("::1");
        assertThat(throttle.lockedOut("127.0.0.1")).isPresent();
        assertThat(throttle.lockedOut("::ffff:127.0.0.1")).isPresent();
        assertThat(throttle.lockedOut("[::1]")).isPresent();
    }

    @Test
    void anIpv4Slash24AndAnIpv6Slash64CountAsOneNetwork() {
        throttle.failed("192.168.1.5");
        throttle.failed("192.168.1.6");
        throttle.failed("192.168.1.200");
        assertThat(throttle.lockedOut("192.168.1.77")).isPresent();
        assertThat(throttle.lockedOut("192.168.2.77")).isEmpty();

        throttle.failed("2001:db8:1:2::1");
        throttle.failed("2001:db8:1:2:ffff::9");
        throttle.failed("2001:db8:1:2:1:2:3:4%eth0");
        assertThat(throttle.lockedOut("2001:db8:1:2::abcd")).isPresent();
        assertThat(throttle.lockedOut("2001:db8:1:3::1")).isEmpty();
    }

    @Test
    void aFloodOfNewNetworksNeverPushesALockoutOut() {
        var roomy = new AuthThrottle(new AuthThrottle.Settings(3, Duration.ofMinutes(1), Duration.ofMinutes(5), Integer.MAX_VALUE), clock);
        roomy.failed("203.0.113.9");
        roomy.failed("203.0.113.9");
        roomy.failed("203.0.113.9");
        for (int i = 0; i < AuthThrottle.MAX_NETWORKS + 1; i++) {
            roomy.failed("10." + (i >> 8) + "." + (i & 0xFF) + ".1");
        }
        assertThat(roomy.lockedOut("203.0.113.9")).as("still locked after " + (AuthThrottle.MAX_NETWORKS + 1) + " other networks").isPresent();
        assertThat(roomy.failures()).isEqualTo(AuthThrottle.MAX_NETWORKS + 4);
    }

    @Test
    void tooManyWrongTokensFromManyNetworksLockOutEveryNetworkThatHasNotShownTheRightOne() {
        var global = new AuthThrottle(new AuthThrottle.Settings(3, Duration.ofMinutes(1), Duration.ofMinutes(5), 20), clock);
        global.succeeded("198.51.100.7"); // the operator, earlier today
        for (int i = 0; i < 19; i++) {
            global.failed("10.0." + i + ".1"); // one guess per network: none of them reaches its own limit
        }
        assertThat(global.lockedOut("172.16.0.1")).as("under the global budget").isEmpty();
        global.failed("10.0.99.1");
        assertThat(global.lockedOut("172.16.0.1")).as("a network never seen").contains(Duration.ofMinutes(5));
        assertThat(global.lockedOut("10.0.3.1")).as("a guesser").isPresent();
        assertThat(global.lockedOut("198.51.100.8")).as("the operator's network still gets in").isEmpty();

        clock.advance(Duration.ofMinutes(5));
        assertThat(global.lockedOut("172.16.0.1")).isEmpty();
    }
}
