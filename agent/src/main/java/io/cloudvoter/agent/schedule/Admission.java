package io.cloudvoter.agent.schedule;

import java.util.Optional;

/** Whether new runs may start now; the resource guard says no while the machine is short of memory or CPU. */
@FunctionalInterface
public interface Admission {
    Admission ALWAYS = () -> Optional.empty();

    /** Empty to admit; otherwise why not, in words. */
    Optional<String> refusal();
}
